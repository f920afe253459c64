/// Every file a build writes, listed before any template runs, each with what makes it: the
/// one list that `SiteRenderer` renders, the writer is told to expect, and `lint` resolves
/// internal links against. Order: pages, alias redirects, tag pages, the alert catalogue,
/// alert permalinks, `alerts.json`, section menus, the 404 page, the sitemap, the search
/// index and page, theme assets, static files, then (with `relativeURLs`) script twins.
///
/// Two sources for one file is an error (`url-conflict`) naming both; the first keeps the file.
struct OutputPlan: Sendable {
    /// What makes a file.
    enum Producer: Sendable, Equatable {
        case page(Int)
        case alias(page: Int, url: String)
        case tagsIndex
        case tag(Int)
        case alertsPage(url: String)
        case alertPermalink(name: String)
        case alertsJSON
        case sectionMenu(key: String)
        case notFound
        case sitemap
        case searchIndex
        case searchPage
        case asset(Int)
        /// Copied by the writer, not rendered.
        case staticFile(Int)
        /// `relativeURLs`: the `<script>` copy of a JSON file the theme's script loads.
        case scriptTwin(of: String)

        /// A file copied from the site's sources (theme asset, static file), not made.
        var isCopied: Bool {
            switch self {
            case .asset, .staticFile: true
            default: false
            }
        }
    }

    struct Entry: Sendable {
        let path: String
        let producer: Producer
    }

    /// The files in plan order, each with the first source that claimed it.
    private(set) var entries: [Entry] = []
    /// One `url-conflict` for each later claim on a taken file, and refused addresses.
    private(set) var conflicts: [Diagnostic] = []
    private var owner: [String: Int] = [:]
    /// `AlertPermalinks.links(site:)`: the renderer makes their files from this list.
    private(set) var alertLinks: [AlertPermalinks.Link] = []

    var paths: Set<String> { Set(owner.keys) }

    /// What makes this file, if the plan has it.
    func producer(of path: String) -> Producer? { owner[path].map { entries[$0].producer } }

    /// - Parameter searchFiles: the search index's files, when the caller has built it (what a
    ///   build writes); without them (the parse stage, lint) only its manifest is listed.
    init(site: Site, theme: Theme, templates: TemplateSet, staticFiles: [StaticFile], searchFiles: [String]? = nil) {
        let claimants = Claimants(site: site, staticFiles: staticFiles)
        func claim(_ path: String, _ producer: Producer) { self.claim(path, producer, claimants) }
        // Room for about every claim up front: growing the table a dozen times was a third of planning.
        let expected = site.pages.count * 2 + site.rules.alerts.count + staticFiles.count + (searchFiles?.count ?? 1) + 64
        owner.reserveCapacity(expected)
        entries.reserveCapacity(expected)
        for (index, page) in site.pages.enumerated() where templates.has(SiteRenderer.templateName(for: page, templates: templates)) {
            // Pages sharing a URL were reported by the site builder already.
            guard owner[page.outputPath] == nil else { continue }
            claim(page.outputPath, .page(index))
        }
        for (index, page) in site.pages.enumerated() {
            for url in page.aliasURLs {
                claim(Page.outputPath(forURL: url), .alias(page: index, url: url))
            }
        }
        if !site.tags.isEmpty, site.page(atURL: "/tags/") == nil {
            if templates.has("tags") { claim("tags/index.html", .tagsIndex) }
            if templates.has("tag") {
                for (index, tag) in site.tags.enumerated() where site.page(atURL: tag.url) == nil {
                    claim(Page.outputPath(forURL: tag.url), .tag(index))
                }
            }
        }
        if let alertsURL = SiteRenderer.alertsPageURL(site) {
            let config = SourceLocation(file: site.config.file ?? "config.yaml")
            if templates.has("alerts") {
                switch OutputPath.file(forURL: alertsURL) {
                case .success(let path): claim(path, .alertsPage(url: alertsURL))
                case .failure(let refusal):
                    conflicts.append(Diagnostic(.urlInvalid, "alertsPage '\(site.config.alertsPage)' is refused: \(refusal)", at: config))
                }
            }
            alertLinks = AlertPermalinks.links(site: site)
            for link in alertLinks {
                claim(link.path, .alertPermalink(name: link.name))
            }
        }
        if !site.rules.alerts.isEmpty { claim(AlertsJSON.path, .alertsJSON) }
        for (key, path) in MenuJSON.sections(site: site) {
            claim(path, .sectionMenu(key: key))
        }
        if templates.has("404") { claim("404.html", .notFound) }
        claim("sitemap.xml", .sitemap)
        for path in searchFiles ?? [SearchIndex.manifestPath] { claim(path, .searchIndex) }
        if site.page(atURL: "/search/") == nil, templates.has("search") { claim("search/index.html", .searchPage) }
        for (index, asset) in theme.assets.enumerated() { claim(asset.path, .asset(index)) }
        for (index, file) in staticFiles.enumerated() {
            guard OutputPath.isContained(file.outputPath) else {
                conflicts.append(Diagnostic(.urlInvalid, "static file \(file.absolutePath) cannot be published at '\(file.outputPath)'",
                                            at: SourceLocation(file: file.absolutePath)))
                continue
            }
            claim(file.outputPath, .staticFile(index))
        }
        if site.config.relativeURLs {
            for entry in entries.sorted(by: { $0.path < $1.path }) where RelativeURLs.isScriptData(entry.path) {
                if case .staticFile = entry.producer { continue }
                claim(RelativeURLs.scriptTwinPath(of: entry.path), .scriptTwin(of: entry.path))
            }
        }
    }

    /// This plan (made without the search index's files) with the index's files claimed too,
    /// without planning every page again; nil when that could change who owns a file (a
    /// later claim on one of those paths, or `relativeURLs`' script twins), so plan anew.
    func addingSearchFiles(_ paths: [String], site: Site, staticFiles: [StaticFile]) -> OutputPlan? {
        guard !site.config.relativeURLs, !paths.contains(where: { path in owner[path].map { entries[$0].producer != .searchIndex } ?? false })
        else { return nil }
        var plan = self
        let claimants = Claimants(site: site, staticFiles: staticFiles)
        for path in paths where plan.owner[path] == nil { plan.claim(path, .searchIndex, claimants) }
        return plan
    }

    /// Whether the search index may write this file: `search/index/<key>.json` and
    /// `search/pages/<id>.json`, and their `.js` twins (`relativeURLs`).
    static func isSearchIndexFile(_ path: String) -> Bool {
        guard path.hasSuffix(".json") || path.hasSuffix(".js") else { return false }
        let folder = parentPath(path)
        return folder == "search/index" || folder == "search/pages"
    }

    /// Claims are many and conflicts rare: who made a file is worked out only for a message.
    private mutating func claim(_ path: String, _ producer: Producer, _ claimants: Claimants) {
        if producer.isCopied, Self.isSearchIndexFile(path) {
            // The index's file names are known only once it is built, after the pages are
            // written: a copied file is kept out of its folders whatever they will hold.
            let (source, location) = claimants.describe(producer, path: path)
            conflicts.append(Diagnostic(.urlConflict,
                "\(source) would be written to \(path), where the search index keeps its files; move or rename it",
                at: location ?? claimants.themeLocation(path)))
            return
        }
        guard let first = owner[path].map({ entries[$0] }) else {
            owner[path] = entries.count
            entries.append(Entry(path: path, producer: producer))
            return
        }
        // A page's own duplicate aliases are harmless: one redirect.
        guard first.producer != producer else { return }
        let (source, location) = claimants.describe(producer, path: path)
        let (firstSource, firstLocation) = claimants.describe(first.producer, path: path)
        conflicts.append(Diagnostic(.urlConflict,
            "\(source) and \(firstSource) would both be written to \(path); change one so each file has one source",
            at: location ?? firstLocation))
    }

    /// Names the source of a file for a `url-conflict` message, with where to change it.
    private struct Claimants {
        let site: Site
        let staticFiles: [StaticFile]

        /// A theme asset's file, which `describe` does not locate.
        func themeLocation(_ path: String) -> SourceLocation {
            SourceLocation(file: site.config.templatesDir + "/" + path)
        }

        func describe(_ producer: Producer, path: String) -> (String, SourceLocation?) {
            switch producer {
            case .page(let index):
                let page = site.pages[index]
                return ("page \(page.sourcePath ?? page.contentPath)", page.sourcePath.map { SourceLocation(file: $0, line: 1, column: 1) })
            case .alias(let index, let url):
                let page = site.pages[index]
                return ("alias \(url) of \(page.sourcePath ?? page.contentPath)", SiteBuilder.location(of: "aliases", in: page))
            case .tagsIndex: return ("the tags index", nil)
            case .tag(let index): return ("the page of tag '\(site.tags[index].name)'", nil)
            case .alertsPage(let url):
                return ("the alerts page (alertsPage \(url))", SourceLocation(file: site.config.file ?? "config.yaml"))
            case .alertPermalink(let name):
                return ("the permalink of alert \(name)", site.rules.alerts.first { $0.name == name }?.location)
            case .alertsJSON: return ("the list of alerts", nil)
            case .sectionMenu(let key): return ("the menu list of section \(key)", nil)
            case .notFound: return ("the 404 page", nil)
            case .sitemap: return ("the sitemap", nil)
            case .searchIndex: return ("the search index", nil)
            case .searchPage: return ("the search page", nil)
            case .asset: return ("theme asset \(path)", nil)
            case .staticFile(let index):
                let file = staticFiles[index]
                return ("static file \(file.absolutePath)", SourceLocation(file: file.absolutePath))
            case .scriptTwin(let source): return ("the script copy of \(source) (relativeURLs)", nil)
            }
        }
    }
}
