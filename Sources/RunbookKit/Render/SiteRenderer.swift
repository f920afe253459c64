/// Renders every file of the site: pages through their templates, alias redirects, tag pages,
/// the alert catalogue, the 404 page, `sitemap.xml`, the search index, theme assets.
struct SiteRenderer {
    let site: Site
    let theme: Theme
    let templates: TemplateSet
    let contents: [RenderedPage?]
    /// The alert catalogue from an earlier build whose inputs are unchanged (`serve`).
    var cachedAlertsPage: OutputFile? = nil
    /// The tag pages and the 404 page from an earlier build whose inputs are unchanged (`serve`).
    var cachedTagPages: [OutputFile]? = nil
    /// A page's search record from an earlier build, when nothing it shows changed (`serve`).
    var cachedSearchRecord: (Int) -> SearchDocument? = { _ in nil }
    /// The search index when the caller built it already (`build` lists its files before writing).
    var prebuiltSearch: (files: [OutputFile], records: [SearchDocument?])? = nil
    /// Each page's search record from this build, for the next one to reuse.
    private(set) var searchRecords: [SearchDocument?] = []
    /// The same for sitemap entries.
    var cachedSitemapEntry: (Int) -> String? = { _ in nil }
    private(set) var sitemapEntries: [String?] = []

    /// Whether a path is one of the tag pages, the 404 or the search page, which `cachedTagPages` replaces.
    static func isTagPage(_ path: String, site: Site) -> Bool {
        path == "tags/index.html" || path == "404.html" || path == "search/index.html" || site.tags.contains { Page.outputPath(forURL: $0.url) == path }
    }

    /// The alert catalogue's URL, unless disabled, without rules, or taken by a content page.
    static func alertsPageURL(_ site: Site) -> String? {
        var url = site.config.alertsPage.trimmingHorizontalWhitespace()
        guard !url.isEmpty, !site.rules.alerts.isEmpty else { return nil }
        if !url.hasPrefix("/") { url = "/" + url }
        if !url.hasSuffix("/") { url += "/" }
        return site.page(atURL: url) == nil ? url : nil
    }

    /// - Parameter reusing: a page's file from an earlier build when nothing it shows changed
    ///   (`serve`); nil renders it.
    /// - Returns: every output, and each page's own file by page index (for the next build to reuse).
    /// - Parameter emit: when given, every file goes to it as soon as it is rendered (`build`
    ///   writes it) and none is kept: `outputs` and `pageFiles` come back empty.
    mutating func render(reusing cached: @Sendable (Int) -> OutputFile? = { _ in nil },
                         emit: (@Sendable (OutputFile) -> Void)? = nil)
        -> (outputs: [OutputFile], pageFiles: [OutputFile?], diagnostics: [Diagnostic]) {
        let site = self.site
        let reused = site.pages.indices.map(cached)
        // Menus only for the sections of pages that are rendered, and the home page's when a
        // generated page (tags, alerts, 404) is rendered.
        var menuSections: Set<String> = cachedTagPages != nil && cachedAlertsPage != nil ? [] : [""]
        for (index, file) in reused.enumerated() where file == nil {
            menuSections.insert(NavigationRenderer.menuSection(of: site.pages[index]))
        }
        let navigation = NavigationRenderer(site: site, sections: menuSections)
        let context = PageContext(site: site, theme: theme, contents: contents, navigation: navigation)
        var diagnostics: [Diagnostic] = []

        let templates = self.templates
        let relativeBase = site.config.relativeURLs ? site.config.basePath : nil
        let pageFiles: [OutputFile?] = parallelMap(site.pages.count) { index in
            if let file = reused[index] { return file }
            let page = site.pages[index]
            let name = Self.templateName(for: page, templates: templates)
            guard var html = templates.render(name, context.forPage(index)) else { return nil }
            if let basePath = relativeBase { html = RelativeURLs.rewrite(html, filePath: page.outputPath, basePath: basePath) }
            let file = OutputFile(path: page.outputPath, text: html)
            if let emit {
                emit(file)
                return OutputFile(path: file.path, bytes: [])  // rendered, not kept
            }
            return file
        }
        var outputs = pageFiles.compactMap { $0 }
        if outputs.count < pageFiles.count {
            diagnostics.append(Diagnostic(.templateInvalid, "the theme has no template for some pages (page, section, home)",
                                          at: SourceLocation(file: site.config.templatesDir)))
        }
        var taken = Set(outputs.map(\.path))
        func add(_ file: OutputFile) {
            guard !taken.contains(file.path) else { return }
            for file in relativeBase.map({ RelativeURLs.files(for: file, basePath: $0) }) ?? [file] where taken.insert(file.path).inserted {
                outputs.append(file)
            }
        }

        // Aliases: Hugo's redirect pages.
        for page in site.pages {
            for url in page.aliasURLs {
                let target = site.publicURL(page.url)
                let html = templates.render("redirect", RedirectTemplateContext(url: target, permalink: site.permalink(page.url))) ?? ""
                add(OutputFile(path: Page.outputPath(forURL: url), text: html))
            }
        }

        if let cachedTagPages {
            cachedTagPages.forEach(add)
        } else if !site.tags.isEmpty, site.page(atURL: "/tags/") == nil {
            var tagsContext = context.forGeneratedPage(title: "Tags", url: "/tags/")
            tagsContext.tags = site.tags.map { TagCount(name: $0.name, url: site.publicURL($0.url), count: $0.pages.count) }
            if let html = templates.render("tags", tagsContext) { add(OutputFile(path: "tags/index.html", text: html)) }
            for tag in site.tags where site.page(atURL: tag.url) == nil {
                var tagContext = context.forGeneratedPage(title: tag.name, url: tag.url)
                tagContext.pages = tag.pages.map { context.link($0) }
                if let html = templates.render("tag", tagContext) { add(OutputFile(path: Page.outputPath(forURL: tag.url), text: html)) }
            }
        }

        // Which page shows each alert: for the catalogue, the permalinks and alerts.json.
        let pageForAlert = AlertPermalinks.pages(site: site, contents: contents)
        if let alertsURL = Self.alertsPageURL(site), let file = cachedAlertsPage, file.path == Page.outputPath(forURL: alertsURL) {
            add(file)
        } else if let alertsURL = Self.alertsPageURL(site) {
            var alertsContext = context.forGeneratedPage(title: "Alerts", url: alertsURL)
            let catalogue = AlertCatalogue(site: site, contents: contents, pageForAlert: pageForAlert)
            alertsContext.alerts = catalogue.entries
            alertsContext.alertCount = catalogue.entries.count
            alertsContext.severities = catalogue.severityCounts
            if let html = templates.render("alerts", alertsContext) { add(OutputFile(path: Page.outputPath(forURL: alertsURL), text: html)) }
        }

        AlertPermalinks.files(site: site, templates: templates, context: context, pageForAlert: pageForAlert).forEach(add)
        if !site.rules.alerts.isEmpty { add(AlertsJSON.file(site: site, pageForAlert: pageForAlert)) }
        MenuJSON.files(site: site).forEach(add)

        if cachedTagPages == nil, let html = templates.render("404", context.forGeneratedPage(title: "Page not found", url: "/404.html")) {
            add(OutputFile(path: "404.html", text: html))
        }
        let sitemap = Sitemap.xml(site: site, cached: cachedSitemapEntry)
        sitemapEntries = sitemap.entries
        add(OutputFile(path: "sitemap.xml", text: sitemap.xml))
        let search = prebuiltSearch ?? SearchIndex.build(site: site, contents: contents, cached: cachedSearchRecord)
        searchRecords = search.records
        search.files.forEach(add)
        if cachedTagPages == nil, site.page(atURL: "/search/") == nil,
           let html = templates.render("search", context.forGeneratedPage(title: "Search", url: "/search/")) {
            add(OutputFile(path: "search/index.html", text: html))
        }
        for asset in theme.assets { add(OutputFile(path: asset.path, bytes: asset.bytes)) }
        outputs.sort { $0.path < $1.path }
        if let emit {
            // Pages went out as they were rendered; the rest go now.
            let pagePaths = Set(pageFiles.compactMap { $0?.path })
            for file in outputs where !pagePaths.contains(file.path) { emit(file) }
            return ([], [], diagnostics)
        }
        return (outputs, pageFiles, diagnostics)
    }

    /// `layout` or `type` from front matter when the theme has such a template, else by kind.
    static func templateName(for page: Page, templates: TemplateSet) -> String {
        for candidate in [page.frontMatter.entry("layout")?.value.text, page.frontMatter.type].compactMap({ $0 })
        where templates.has(candidate) && !["redirect", "rule", "rule-missing", "alert-missing", "layout"].contains(candidate) {
            return candidate
        }
        switch page.kind {
        case .home: return templates.has("home") ? "home" : "section"
        case .section: return "section"
        case .page: return "page"
        }
    }
}
