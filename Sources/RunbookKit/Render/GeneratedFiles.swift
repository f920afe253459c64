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
    /// The alert permalinks, as the plan listed them.
    let alertLinks: [AlertPermalinks.Link]
    /// What the last build left (`serve`): groups of files, tag pages and alert pieces, sitemap entries.
    let earlier: SiteRenderer.Earlier
    /// Each page's sitemap entry from this build, for the next one to reuse.
    private(set) var sitemapEntries: [String?] = []

    private lazy var pageForAlert = AlertPermalinks.pages(site: site, contents: contents)
    private lazy var permalinkFiles: [String: OutputFile] = Dictionary(
        AlertPermalinks.files(alertLinks, site: site, templates: templates, context: context, pageForAlert: pageForAlert,
                              memo: earlier.memo).map { ($0.path, $0) },
        uniquingKeysWith: { first, _ in first })
    private lazy var assets = theme.assets
    private lazy var searchByPath: [String: OutputFile] = Dictionary(searchFiles.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

    /// Generated files that `serve` keeps together, each group under the key of what it shows.
    enum ReuseGroup: Hashable, Sendable {
        /// The tags index and tag pages, the 404 and the search page: the home page's menu and the tags.
        case tagPages
        /// The alert catalogue: the rules, which page shows each alert, with its title, and the
        /// home page's menu.
        case alertsPage
        /// The alert permalinks and `alerts.json`: the same without page titles, so a title edit
        /// leaves them be.
        case alertLinks
        /// Every section's `menu.json`: the menu's places.
        case sectionMenus

        init?(_ producer: OutputPlan.Producer) {
            switch producer {
            case .sectionMenu: self = .sectionMenus
            case .tagsIndex, .tag, .notFound, .searchPage: self = .tagPages
            case .alertsPage: self = .alertsPage
            case .alertPermalink, .alertsJSON: self = .alertLinks
            default: return nil
            }
        }
    }

    init(site: Site, theme: Theme, templates: TemplateSet, contents: [RenderedPage?], context: PageContext,
         searchFiles: [OutputFile], alertLinks: [AlertPermalinks.Link], earlier: SiteRenderer.Earlier) {
        self.site = site
        self.theme = theme
        self.templates = templates
        self.contents = contents
        self.context = context
        self.searchFiles = searchFiles
        self.alertLinks = alertLinks
        self.earlier = earlier
    }

    /// The file of one entry (nil when its template renders nothing), and whether it is an
    /// earlier build's file, kept as that build finished it.
    mutating func file(_ entry: OutputPlan.Entry) -> (file: OutputFile?, reused: Bool) {
        if let group = ReuseGroup(entry.producer), let files = earlier.generated[group] { return (files[entry.path], true) }
        return (render(entry), false)
    }

    private mutating func render(_ entry: OutputPlan.Entry) -> OutputFile? {
        let path = entry.path
        switch entry.producer {
        case .page, .staticFile, .scriptTwin:
            return nil  // the renderer's and the writer's own
        case .alias(let index, _):
            let url = site.pages[index].url
            return OutputFile(path: path, bytes: templates.renderBytes("redirect", RedirectTemplateContext(to: url, site: site)) ?? [])
        case .tagsIndex:
            var tagsContext = context.forGeneratedPage(title: "Tags", url: "/tags/")
            tagsContext.tags = site.tags.map { TagCount(name: $0.name, url: site.publicURL($0.url), count: $0.pages.count) }
            return templates.renderBytes("tags", tagsContext).map { OutputFile(path: path, bytes: $0) }
        case .tag(let index):
            let tag = site.tags[index]
            var key: Int?
            if let homeMenuKey = earlier.homeMenuKey, let memo = earlier.memo {
                var hasher = Hasher()
                hasher.combine(homeMenuKey)
                hasher.combine(SiteRenderer.alertsPageURL(site))
                hasher.combine(site.rules.alerts.isEmpty)
                hasher.combine(tag.name)
                hasher.combine(tag.url)
                for page in tag.pages {
                    hasher.combine(site.pages[page].title)
                    hasher.combine(site.pages[page].url)
                }
                key = hasher.finalize()
                if let kept = memo.tagPages[path], kept.key == key { return kept.file }
            }
            var tagContext = context.forGeneratedPage(title: tag.name, url: tag.url)
            tagContext.pages = tag.pages.map { context.link($0) }
            let file = templates.renderBytes("tag", tagContext).map { OutputFile(path: path, bytes: $0) }
            if let key, let file { earlier.memo?.tagPages[path] = (key, file) }
            return file
        case .alertsPage(let url):
            var alertsContext = context.forGeneratedPage(title: "Alerts", url: url)
            let catalogue = AlertCatalogue(site: site, contents: contents, pageForAlert: pageForAlert)
            alertsContext.alerts = catalogue.entries
            alertsContext.alertCount = catalogue.entries.count
            alertsContext.severities = catalogue.severityCounts
            return templates.renderBytes("alerts", alertsContext).map { OutputFile(path: path, bytes: $0) }
        case .alertPermalink:
            return permalinkFiles[path]
        case .alertsJSON:
            return AlertsJSON.file(site: site, pageForAlert: pageForAlert, memo: earlier.memo)
        case .sectionMenu(let key):
            return MenuJSON.file(section: key, path: path, site: site)
        case .notFound:
            return templates.renderBytes("404", context.forGeneratedPage(title: "Page not found", url: "/404.html")).map { OutputFile(path: path, bytes: $0) }
        case .sitemap:
            let sitemap = Sitemap.xml(site: site, cached: earlier.sitemapEntry)
            sitemapEntries = sitemap.entries
            return OutputFile(path: path, bytes: sitemap.bytes)
        case .searchIndex:
            return searchByPath[path]
        case .searchPage:
            return templates.renderBytes("search", context.forGeneratedPage(title: "Search", url: "/search/")).map { OutputFile(path: path, bytes: $0) }
        case .asset(let index):
            return assets.indices.contains(index) ? OutputFile(path: path, bytes: assets[index].bytes) : nil
        }
    }
}
