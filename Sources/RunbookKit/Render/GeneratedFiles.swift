/// The files of a plan that are not a content page's own: alias redirects, tag pages, the
/// alert catalogue and permalinks, `alerts.json`, section menus, the 404 and search pages, the
/// sitemap, the search index and theme assets. What several files share (which page shows
/// each alert, the menu's visible children) is worked out once, when the first needs it.
struct GeneratedFiles {
    let site: Site
    let theme: Theme
    let templates: TemplateSet
    let contents: [RenderedPage?]
    let context: PageContext
    let searchFiles: [OutputFile]
    /// The tag pages, the 404 and the search page from an earlier build whose inputs are unchanged (`serve`).
    let cachedTagPages: [OutputFile]?
    /// The alert catalogue from an earlier build whose inputs are unchanged (`serve`).
    let cachedAlertsPage: OutputFile?
    /// A page's sitemap entry from an earlier build (`serve`).
    var cachedSitemapEntry: (Int) -> String? = { _ in nil }
    /// Each page's sitemap entry from this build, for the next one to reuse.
    private(set) var sitemapEntries: [String?] = []

    private lazy var pageForAlert = AlertPermalinks.pages(site: site, contents: contents)
    private lazy var permalinkFiles: [String: OutputFile] = Dictionary(
        AlertPermalinks.files(site: site, templates: templates, context: context, pageForAlert: pageForAlert).map { ($0.path, $0) },
        uniquingKeysWith: { first, _ in first })
    private lazy var assets = theme.assets
    private lazy var visibleChildren = NavigationRenderer.visibleChildren(site)
    private lazy var searchByPath: [String: OutputFile] = Dictionary(searchFiles.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
    private lazy var reusedTagPages: [String: OutputFile] = Dictionary((cachedTagPages ?? []).map { ($0.path, $0) },
                                                                       uniquingKeysWith: { first, _ in first })

    init(site: Site, theme: Theme, templates: TemplateSet, contents: [RenderedPage?], context: PageContext,
         searchFiles: [OutputFile], cachedTagPages: [OutputFile]?, cachedAlertsPage: OutputFile?) {
        self.site = site
        self.theme = theme
        self.templates = templates
        self.contents = contents
        self.context = context
        self.searchFiles = searchFiles
        self.cachedTagPages = cachedTagPages
        self.cachedAlertsPage = cachedAlertsPage
    }

    /// Whether the file at this path was taken from an earlier build as it was written.
    func isCached(_ path: String) -> Bool {
        (cachedTagPages != nil && SiteRenderer.isTagPage(path, site: site)) || cachedAlertsPage?.path == path
    }

    /// The file of one entry; nil when its template renders nothing.
    mutating func file(_ entry: OutputPlan.Entry) -> OutputFile? {
        let path = entry.path
        switch entry.producer {
        case .page, .staticFile, .scriptTwin:
            return nil  // the renderer's and the writer's own
        case .alias(let index):
            let url = site.pages[index].url
            let html = templates.render("redirect", RedirectTemplateContext(url: site.publicURL(url), permalink: site.permalink(url))) ?? ""
            return OutputFile(path: path, text: html)
        case .tagsIndex:
            if cachedTagPages != nil { return reusedTagPages[path] }
            var tagsContext = context.forGeneratedPage(title: "Tags", url: "/tags/")
            tagsContext.tags = site.tags.map { TagCount(name: $0.name, url: site.publicURL($0.url), count: $0.pages.count) }
            return templates.render("tags", tagsContext).map { OutputFile(path: path, text: $0) }
        case .tag(let index):
            if cachedTagPages != nil { return reusedTagPages[path] }
            let tag = site.tags[index]
            var tagContext = context.forGeneratedPage(title: tag.name, url: tag.url)
            tagContext.pages = tag.pages.map { context.link($0) }
            return templates.render("tag", tagContext).map { OutputFile(path: path, text: $0) }
        case .alertsPage(let url):
            if let cachedAlertsPage, cachedAlertsPage.path == path { return cachedAlertsPage }
            var alertsContext = context.forGeneratedPage(title: "Alerts", url: url)
            let catalogue = AlertCatalogue(site: site, contents: contents, pageForAlert: pageForAlert)
            alertsContext.alerts = catalogue.entries
            alertsContext.alertCount = catalogue.entries.count
            alertsContext.severities = catalogue.severityCounts
            return templates.render("alerts", alertsContext).map { OutputFile(path: path, text: $0) }
        case .alertPermalink:
            return permalinkFiles[path]
        case .alertsJSON:
            return AlertsJSON.file(site: site, pageForAlert: pageForAlert)
        case .sectionMenu(let key):
            return MenuJSON.file(section: key, path: path, site: site, visible: visibleChildren)
        case .notFound:
            if cachedTagPages != nil { return reusedTagPages[path] }
            return templates.render("404", context.forGeneratedPage(title: "Page not found", url: "/404.html")).map { OutputFile(path: path, text: $0) }
        case .sitemap:
            let sitemap = Sitemap.xml(site: site, cached: cachedSitemapEntry)
            sitemapEntries = sitemap.entries
            return OutputFile(path: path, text: sitemap.xml)
        case .searchIndex:
            return searchByPath[path]
        case .searchPage:
            if cachedTagPages != nil { return reusedTagPages[path] }
            return templates.render("search", context.forGeneratedPage(title: "Search", url: "/search/")).map { OutputFile(path: path, text: $0) }
        case .asset(let index):
            return assets.indices.contains(index) ? OutputFile(path: path, bytes: assets[index].bytes) : nil
        }
    }
}
