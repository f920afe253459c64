import Foundation

/// Where an annotation URL points inside the site.
public enum SitePath: Sendable, Hashable {
    /// A path the site publishes (`/runbooks/x/y/`, `/files/a.pdf`).
    case url(String)
    /// A page's source file under the content folder (`runbooks/x/Y.md`), from a link to the
    /// file in the repository.
    case contentFile(String)

    /// The path as a message shows it.
    public var text: String {
        switch self {
        case .url(let path), .contentFile(let path): path
        }
    }
}

/// Maps the URLs in alerts' `runbook`/`runbook_url` annotations to pages. Annotations often use
/// another host than baseURL (the corpus links `https://srerun.github.io/prometheus-alerts/
/// runbooks/…` while its baseURL is `https://sre.run/`), so besides the configured prefixes a
/// URL also matches by its path from the first top-level section folder on (`/runbooks/…`),
/// and a repository link to the page's `.md` file matches that file.
public struct RunbookURLResolver: Sendable {
    private let site: Site
    private let prefixes: [String]
    private let sectionFolders: [String]

    public init(site: Site) {
        self.site = site
        var prefixes = site.config.lint.runbookURLPrefixes
        if site.config.baseURL.contains("://") { prefixes.append(site.config.baseURL) }
        self.prefixes = prefixes.map { $0.hasSuffix("/") ? $0 : $0 + "/" }
        sectionFolders = site.sections.keys.filter { !$0.isEmpty && !$0.contains("/") }.sorted()
    }

    /// Where in this site an annotation URL points, or nil when it is not a link into this site at all.
    public func sitePath(for rawURL: String) -> SitePath? {
        let url = rawURL.trimmingHorizontalWhitespace()
        if let contentFile = contentFilePath(url) { return contentFile }
        var path: String?
        if let prefix = prefixes.first(where: { url.hasPrefix($0) }) {
            path = "/" + url.dropFirst(prefix.count)
        } else if url.hasPrefix("/") {
            path = url
        } else if let schemeEnd = url.range(of: "://") {
            let afterHost = url[schemeEnd.upperBound...].drop { $0 != "/" }
            for folder in sectionFolders {
                if let range = afterHost.range(of: "/\(folder)/") {
                    path = String(afterHost[range.lowerBound...])
                    break
                }
            }
        }
        guard var result = path else { return nil }
        if let cut = result.firstIndex(where: { $0 == "?" || $0 == "#" }) { result = String(result[..<cut]) }
        let base = site.config.basePath
        if base != "/", result.hasPrefix(base) { result = "/" + result.dropFirst(base.count) }
        if !result.hasSuffix("/") && !(result.split(separator: "/").last ?? "").contains(".") { result += "/" }
        return .url(result)
    }

    /// The page an annotation URL leads to.
    public func page(for url: String) -> Int? {
        switch sitePath(for: url) {
        case .url(let path)?: return site.pageIndex(atURL: path)
        case .contentFile(let contentPath)?: return site.pageIndex(forContentPath: contentPath)
        case nil: return nil
        }
    }

    /// For a URL that leads nowhere: the page that was most likely meant (the path with Hugo's
    /// URL rules applied, or the nearest path by spelling).
    public func likelyPage(for url: String) -> Int? {
        guard case .url(let path)? = sitePath(for: url) else { return nil }
        let decoded = path.removingPercentEncoding ?? path
        let segments = decoded.split(separator: "/").map { HugoPath.urlSegment(String($0)) }
        let sanitised = "/" + segments.joined(separator: "/") + "/"
        if let index = site.pageIndex(atURL: sanitised) { return index }
        guard let match = closestMatch(to: sanitised, in: site.pages.map(\.url)) else { return nil }
        return site.pageIndex(atURL: match)
    }

    /// `…/content/runbooks/x/Y.md` (a link to the page's file in the repository) → `runbooks/x/Y.md`.
    private func contentFilePath(_ url: String) -> SitePath? {
        guard url.hasSuffix(".md") else { return nil }
        let marker = "/\(site.config.contentDir)/"
        guard let range = url.range(of: marker, options: .backwards) else { return nil }
        let contentPath = String(url[range.upperBound...])
        return .contentFile(contentPath.removingPercentEncoding ?? contentPath)
    }
}
