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
        case alias(page: Int)
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
    }

    struct Entry: Sendable {
        let path: String
        let producer: Producer
        /// Who makes it, for the message when another source claims the same file.
        let source: String
        let location: SourceLocation?
    }

    /// The files in plan order, each with the first source that claimed it.
    private(set) var entries: [Entry] = []
    /// One `url-conflict` for each later claim on a taken file, and refused addresses.
    private(set) var conflicts: [Diagnostic] = []
    private var owner: [String: Int] = [:]

    var paths: Set<String> { Set(owner.keys) }

    /// - Parameter searchFiles: the search index's files, when the caller has built it (what a
    ///   build writes); without them (the parse stage, lint) only its manifest is listed.
    init(site: Site, theme: Theme, templates: TemplateSet, staticFiles: [StaticFile], searchFiles: [String]? = nil) {
        for (index, page) in site.pages.enumerated() where templates.has(SiteRenderer.templateName(for: page, templates: templates)) {
            // Pages sharing a URL were reported by the site builder already.
            guard owner[page.outputPath] == nil else { continue }
            claim(page.outputPath, .page(index), "page \(page.sourcePath ?? page.contentPath)",
                  at: page.sourcePath.map { SourceLocation(file: $0, line: 1, column: 1) })
        }
        for (index, page) in site.pages.enumerated() {
            for url in page.aliasURLs {
                claim(Page.outputPath(forURL: url), .alias(page: index), "alias \(url) of \(page.sourcePath ?? page.contentPath)",
                      at: SiteBuilder.location(of: "aliases", in: page))
            }
        }
        if !site.tags.isEmpty, site.page(atURL: "/tags/") == nil {
            if templates.has("tags") { claim("tags/index.html", .tagsIndex, "the tags index", at: nil) }
            if templates.has("tag") {
                for (index, tag) in site.tags.enumerated() where site.page(atURL: tag.url) == nil {
                    claim(Page.outputPath(forURL: tag.url), .tag(index), "the page of tag '\(tag.name)'", at: nil)
                }
            }
        }
        if let alertsURL = SiteRenderer.alertsPageURL(site) {
            let config = SourceLocation(file: site.config.file ?? "config.yaml")
            if templates.has("alerts") {
                switch OutputPath.file(forURL: alertsURL) {
                case .success(let path): claim(path, .alertsPage(url: alertsURL), "the alerts page (alertsPage \(alertsURL))", at: config)
                case .failure(let refusal):
                    conflicts.append(Diagnostic(.urlInvalid, "alertsPage '\(site.config.alertsPage)' is refused: \(refusal)", at: config))
                }
            }
            let rules = Dictionary(grouping: site.rules.alerts, by: \.name)
            for link in AlertPermalinks.links(site: site) {
                claim(link.path, .alertPermalink(name: link.name), "the permalink of alert \(link.name)", at: rules[link.name]?.first?.location)
            }
        }
        if !site.rules.alerts.isEmpty { claim(AlertsJSON.path, .alertsJSON, "the list of alerts", at: nil) }
        for (key, path) in MenuJSON.sections(site: site, visible: NavigationRenderer.visibleChildren(site)) {
            claim(path, .sectionMenu(key: key), "the menu list of section \(key)", at: nil)
        }
        if templates.has("404") { claim("404.html", .notFound, "the 404 page", at: nil) }
        claim("sitemap.xml", .sitemap, "the sitemap", at: nil)
        for path in searchFiles ?? [SearchIndex.manifestPath] { claim(path, .searchIndex, "the search index", at: nil) }
        if site.page(atURL: "/search/") == nil, templates.has("search") { claim("search/index.html", .searchPage, "the search page", at: nil) }
        for (index, asset) in theme.assets.enumerated() { claim(asset.path, .asset(index), "theme asset \(asset.path)", at: nil) }
        for (index, file) in staticFiles.enumerated() {
            guard OutputPath.isContained(file.outputPath) else {
                conflicts.append(Diagnostic(.urlInvalid, "static file \(file.absolutePath) cannot be published at '\(file.outputPath)'",
                                            at: SourceLocation(file: file.absolutePath)))
                continue
            }
            claim(file.outputPath, .staticFile(index), "static file \(file.absolutePath)", at: SourceLocation(file: file.absolutePath))
        }
        if site.config.relativeURLs {
            for entry in entries.sorted(by: { $0.path < $1.path }) where RelativeURLs.isScriptData(entry.path) {
                if case .staticFile = entry.producer { continue }
                claim(String(entry.path.dropLast(5)) + ".js", .scriptTwin(of: entry.path), "the script copy of \(entry.path) (relativeURLs)", at: nil)
            }
        }
    }

    private mutating func claim(_ path: String, _ producer: Producer, _ source: String, at location: SourceLocation?) {
        if let first = owner[path].map({ entries[$0] }) {
            // A page's own duplicate aliases are harmless: one redirect.
            guard first.source != source else { return }
            conflicts.append(Diagnostic(.urlConflict,
                "\(source) and \(first.source) would both be written to \(path); change one so each file has one source",
                at: location ?? first.location))
            return
        }
        owner[path] = entries.count
        entries.append(Entry(path: path, producer: producer, source: source, location: location))
    }
}
