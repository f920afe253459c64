import Foundation

/// Decides where a link published on a page leads inside the site, the way a browser resolves
/// it against the page's URL: a page (directly or through an alias), a file the site publishes,
/// or nothing. Links leaving the site (other hosts, `mailto:`) are `.external`.
struct SiteLinkResolver: Sendable {
    enum Target: Equatable {
        /// A page of the site (by index), and the `#fragment` without `#`, percent-decoded.
        case page(Int, fragment: String?)
        /// A published file that is not a page (a static file, an asset, a generated page).
        case file(String)
        /// Inside the site, but nothing is published there; the site path it resolved to.
        case missing(path: String)
        /// An absolute path outside the site's base path.
        case outsideBase(path: String)
        /// `https://other.host/…` and the like: checked only with `--external`.
        case external(String)
        /// `mailto:`, `tel:`, `javascript:` (reported as unsafe-html) and other schemes: not checked.
        case unchecked
    }

    let context: LintContext

    init(context: LintContext) { self.context = context }

    func resolve(_ href: String, fromPage index: Int) -> Target {
        var link = href.trimmingHorizontalWhitespace()
        if link.hasPrefix("//") { return .external("https:" + link) }
        if hasScheme(link) {
            let lower = link.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return .unchecked }
            guard let prefix = context.siteURLPrefixes.first(where: { lower.hasPrefix($0.lowercased()) }) else {
                return .external(link)
            }
            link = context.site.config.basePath + link.dropFirst(prefix.count)
        }
        let (withoutFragment, fragmentPart) = splitAnchor(link)
        let fragment = fragmentPart.isEmpty ? nil : String(fragmentPart.dropFirst())
        let pathPart = String(withoutFragment.prefix { $0 != "?" })
        let site = context.site
        let pageURL = site.publicURL(site.pages[index].url)
        if pathPart.isEmpty {
            return .page(index, fragment: fragment.map(decoded))  // `#anchor` or `?query`: this page
        }
        let absolute: String
        if pathPart.hasPrefix("/") {
            absolute = pathPart
        } else {
            let directory = pageURL.hasSuffix("/") ? pageURL : parentPath(pageURL) + "/"
            absolute = directory + pathPart
        }
        guard var path = Self.removeDotSegments(decoded(absolute)) else { return .outsideBase(path: decoded(absolute)) }
        let base = site.config.basePath
        if base != "/" {
            guard path.hasPrefix(base) || path + "/" == base else { return .outsideBase(path: path) }
            path = "/" + path.dropFirst(base.count)
        }
        return lookup(path, fragment: fragment.map(decoded))
    }

    /// A site path (without the base path) → what is published there.
    func lookup(_ path: String, fragment: String?) -> Target {
        let site = context.site
        var candidates = [path]
        if path.hasSuffix("/index.html") { candidates.append(String(path.dropLast("index.html".count))) }
        if !path.hasSuffix("/") { candidates.append(path + "/") }
        for candidate in candidates {
            if let page = site.pageIndex(atURL: candidate) { return .page(page, fragment: fragment) }
            if let page = context.aliasTargets[candidate] { return .page(page, fragment: fragment) }
        }
        let relative = String(path.dropFirst())
        let files = context.publishedFiles
        if files.contains(relative) { return .file(relative) }
        if path.hasSuffix("/"), files.contains(relative + "index.html") { return .file(relative + "index.html") }
        if !path.hasSuffix("/"), files.contains(relative + "/index.html") { return .file(relative + "/index.html") }
        return .missing(path: path)
    }

    private func decoded(_ text: String) -> String { text.removingPercentEncoding ?? text }

    /// RFC 3986 dot-segment removal; nil when `..` climbs above the root.
    static func removeDotSegments(_ path: String) -> String? {
        var output: [Substring] = []
        let parts = path.split(separator: "/", omittingEmptySubsequences: false)
        for (offset, part) in parts.enumerated() {
            let isLast = offset == parts.count - 1
            switch part {
            case ".":
                if isLast { output.append("") }
            case "..":
                guard output.count > 1 else { return nil }
                output.removeLast()
                if isLast { output.append("") }
            default:
                if part.isEmpty && offset != 0 && !isLast { continue }  // `a//b`
                output.append(part)
            }
        }
        let joined = output.joined(separator: "/")
        return joined.hasPrefix("/") ? joined : "/" + joined
    }
}
