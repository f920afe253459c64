import Foundation

/// Finding pages from what writers type: `ref`/`relref` targets and links to `.md` files.
extension Site {
    /// The page a `ref` target or `.md` link names, written in the page at `fromDirectory`
    /// (content-relative folder): relative to that folder, then to the content folder, then — for
    /// a bare file name — the one page with that name, as Hugo's `ref` does.
    public func resolvePage(_ rawTarget: String, fromDirectory directory: String) -> Int? {
        var target = rawTarget.removingPercentEncoding ?? rawTarget
        while target.hasPrefix("./") { target.removeFirst(2) }
        if target.isEmpty { return nil }
        var candidates: [String] = []
        if target.hasPrefix("/") {
            candidates.append(String(target.dropFirst()))
        } else {
            candidates.append(joinPath(directory, target))
            candidates.append(target)
        }
        for candidate in candidates {
            guard let normalised = normaliseContentPath(candidate) else { continue }
            for variant in [normalised, normalised + ".md", joinPath(normalised, "_index.md"), joinPath(normalised, "index.md"),
                            joinPath(normalised, "README.md"), joinPath(normalised, "readme.md")] {
                if let index = indexByContentPath[variant] { return index }
            }
            if normalised.isEmpty, let home = sections[""] { return home.page }
        }
        if !target.contains("/") {
            let name = target.hasSuffix(".md") ? target : target + ".md"
            let matches = pages.indices.filter { pages[$0].contentPath == name || pages[$0].contentPath.hasSuffix("/" + name) }
            if matches.count == 1 { return matches[0] }
        }
        return nil
    }

    /// The URL a Markdown link to a `.md` file should have, with the base path; nil for links
    /// that are not to `.md` files (left as written) or that name no page (lint reports them).
    public func rewrittenLink(_ destination: String, fromDirectory directory: String) -> String? {
        guard !hasScheme(destination), !destination.hasPrefix("#") else { return nil }
        let (pathPart, anchor) = splitAnchor(destination)
        let withoutQuery = pathPart.split(separator: "?", maxSplits: 1).first.map(String.init) ?? pathPart
        guard withoutQuery.lowercased().hasSuffix(".md"), let index = resolvePage(withoutQuery, fromDirectory: directory) else {
            return nil
        }
        return publicURL(pages[index].url) + anchor
    }

    /// What a link in `page` should point at, reading relative links as GitHub does — against
    /// the Markdown file's folder — where the browser, reading them against the page's URL
    /// (one folder deeper for `x/Y.md` at `/x/y/`), would miss: `.md` links become the page's
    /// URL (`rewrittenLink(_:fromDirectory:)`), `img/graph.png` and `./diagram.svg` the URL of
    /// the file copied from the content folder, `helpers/` the folder's index page. Hugo's own
    /// forms are left as written: absolute paths, links that already work from the page's URL
    /// (page bundles, sections), and anything that names nothing either way (lint reports it).
    /// - Parameter files: every published file that is not a page, relative to the destination.
    public func rewrittenLink(_ destination: String, from page: Page, files: Set<String>) -> String? {
        if let rewritten = rewrittenLink(destination, fromDirectory: page.directory) { return rewritten }
        guard !destination.isEmpty, !hasScheme(destination), !destination.hasPrefix("#"), !destination.hasPrefix("/") else {
            return nil
        }
        let (pathPart, anchor) = splitAnchor(destination)
        let path = String(pathPart.prefix { $0 != "?" })
        let query = pathPart.dropFirst(path.count)
        let decoded = path.removingPercentEncoding ?? path
        guard !decoded.isEmpty, let fromFile = normaliseContentPath(joinPath(page.directory, decoded)) else { return nil }
        let fromURL = normaliseContentPath(joinPath(String(page.url.drop { $0 == "/" }), decoded))
        if let fromURL, fromURL == fromFile || publishes(fromURL, files: files) { return nil }
        let target: String
        if files.contains(fromFile) {
            let encoded = fromFile.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? fromFile
            target = "/" + encoded + query
        } else if let index = resolvePage(fromFile.isEmpty ? "/" : "/" + fromFile, fromDirectory: ""), pages[index].kind != .page {
            target = pages[index].url + query
        } else {
            return nil
        }
        return publicURL(target) + anchor
    }

    /// Whether a site path (no leading `/`) is a published file or a page's URL.
    private func publishes(_ path: String, files: Set<String>) -> Bool {
        files.contains(path) || indexByURL["/" + path] != nil || indexByURL["/" + path + "/"] != nil
            || (path.isEmpty && indexByURL["/"] != nil)
    }

    /// A site URL path with the base path in front: `/runbooks/x/` → `/docs/runbooks/x/`.
    public func publicURL(_ url: String) -> String {
        let base = config.basePath
        guard base != "/" else { return url }
        return base + url.drop { $0 == "/" }
    }

    /// An absolute URL for sitemaps and canonical links: baseURL's origin plus the public path.
    public func permalink(_ url: String) -> String { config.origin + publicURL(url) }
}

/// `https:`, `mailto:` and the like.
func hasScheme(_ destination: String) -> Bool {
    guard let colon = destination.firstIndex(of: ":") else { return false }
    let scheme = destination[..<colon]
    guard let first = scheme.first, first.isLetter else { return false }
    return scheme.allSatisfy { $0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == "." }
}

/// Folds `.` and `..` in a content-relative path; nil if it climbs out of the content folder.
func normaliseContentPath(_ path: String) -> String? {
    var parts: [Substring] = []
    for part in path.split(separator: "/", omittingEmptySubsequences: true) {
        if part == "." { continue }
        if part == ".." {
            guard !parts.isEmpty else { return nil }
            parts.removeLast()
            continue
        }
        parts.append(part)
    }
    return parts.joined(separator: "/")
}
