/// Renders every file of the site: pages through their templates, alias redirects, tag pages,
/// the alert catalogue, the 404 page, `sitemap.xml`, the search index, theme assets.
struct SiteRenderer {
    let site: Site
    let theme: Theme
    let templates: TemplateSet
    let contents: [RenderedPage?]
    /// Copied by the writer; listed so that no rendered file takes their place unnoticed.
    var staticFiles: [StaticFile] = []
    /// What the last build left that this one may reuse (`serve`; `BuildCache.offer` fills it).
    var earlier = Earlier()
    /// The search index's files when the caller built and wrote them already (`build`): planned, not made.
    var searchWritten: [String]? = nil
    /// This build's generated files by group, each page's search record, the search index's
    /// state and each page's sitemap entry, for the next build to reuse.
    private(set) var reuseGroups: [GeneratedFiles.ReuseGroup: [String: OutputFile]] = [:]
    private(set) var searchRecords: [SearchDocument?] = []
    private(set) var searchState: SearchIndex.State? = nil
    private(set) var sitemapEntries: [String?] = []
    /// The plan the parse stage made (without the search index's files), when there is one.
    var basePlan: OutputPlan? = nil

    /// What an earlier build made. The cache checks each file, document and group against its
    /// key before handing it over; the memo's pieces are checked by their own hashes where used.
    struct Earlier {
        /// A page's file, when nothing it shows changed.
        var pageFile: @Sendable (Int) -> OutputFile? = { _ in nil }
        /// Generated files by group, for the groups whose inputs are unchanged.
        var generated: [GeneratedFiles.ReuseGroup: [String: OutputFile]] = [:]
        /// A page's search document and sitemap entry, when nothing in them changed.
        var searchDocument: (Int) -> SearchDocument? = { _ in nil }
        var sitemapEntry: (Int) -> String? = { _ in nil }
        /// The search index as the last build left it, updated in place.
        var searchIndex: SearchIndex.State? = nil
        /// Pieces of the alert files and tag pages, and the key of the home page's menu they show.
        var memo: RenderMemo? = nil
        var homeMenuKey: Int? = nil
    }

    /// The alert catalogue's URL, unless disabled, without rules, or taken by a content page.
    static func alertsPageURL(_ site: Site) -> String? {
        var url = site.config.alertsPage.trimmingHorizontalWhitespace()
        guard !url.isEmpty, !site.rules.alerts.isEmpty else { return nil }
        if !url.hasPrefix("/") { url = "/" + url }
        if !url.hasSuffix("/") { url += "/" }
        return site.page(atURL: url) == nil ? url : nil
    }

    /// The files this renderer makes, with the search index's files when it is built already.
    func plan(searchFiles: [String]?) -> OutputPlan {
        if let searchFiles, let plan = basePlan?.addingSearchFiles(searchFiles, site: site, staticFiles: staticFiles) { return plan }
        return OutputPlan(site: site, theme: theme, templates: templates, staticFiles: staticFiles, searchFiles: searchFiles)
    }

    /// Renders every file of the plan (static files excepted: the writer copies them), taking
    /// from `earlier` what it holds.
    /// - Parameter emit: when given, every file goes to it as soon as it is rendered (`build`
    ///   writes it) and none is kept: `outputs` and `pageFiles` come back empty.
    /// - Returns: every output, and each page's own file by page index (for the next build to reuse).
    mutating func render(emit: (@Sendable (OutputFile) -> Void)? = nil)
        -> (outputs: [OutputFile], pageFiles: [OutputFile?], diagnostics: [Diagnostic]) {
        let site = self.site
        let search = searchWritten == nil
            ? SearchIndex.build(site: site, contents: contents, cached: earlier.searchDocument, previous: earlier.searchIndex)
            : (files: [], records: [], state: nil)
        searchRecords = search.records
        searchState = search.state
        let plan = self.plan(searchFiles: searchWritten ?? search.files.map(\.path))
        let diagnostics = Self.missingTemplates(site: site, templates: templates)
        var pageOwnsItsFile = [Bool](repeating: false, count: site.pages.count)
        for entry in plan.entries { if case .page(let index) = entry.producer { pageOwnsItsFile[index] = true } }
        let planned = pageOwnsItsFile

        let reused = site.pages.indices.map { planned[$0] ? earlier.pageFile($0) : nil }
        // Menus only for the sections of pages that are rendered, and the home page's when a
        // generated page (tags, alerts, 404) is rendered.
        var menuSections: Set<String> = [.tagPages, .alertsPage, .alertLinks].allSatisfy { earlier.generated[$0] != nil } ? [] : [""]
        for index in site.pages.indices where planned[index] && reused[index] == nil {
            menuSections.insert(NavigationRenderer.menuSection(of: site.pages[index]))
        }
        // A build writes pages as they are rendered, a batch of sections at a time, each batch
        // with only its own menus: every section's menu at once grows with the square of the
        // site (a bigger site has more sections and longer menus).
        let navigation = NavigationRenderer(site: site, sections: emit == nil ? menuSections : menuSections.intersection([""]))
        let context = PageContext(site: site, theme: theme, contents: contents, navigation: navigation)
        let templates = self.templates
        let relativeBase = site.config.relativeURLs ? site.config.basePath : nil
        let sizeHint = PageSizeHint()
        @Sendable func renderPage(_ index: Int, _ context: PageContext) -> OutputFile? {
            Self.renderPage(index, site: site, templates: templates, context: context, sizeHint: sizeHint)
        }
        var pageFiles = [OutputFile?](repeating: nil, count: site.pages.count)
        // A build renders and writes the pages on other threads while this one makes the
        // generated files. Those are made one at a time (the alert catalogue, `alerts.json`):
        // after the pages, they left a core idle for seconds at 100x.
        var pagesWritten: Background<Bool>?
        if let emit {
            let batches = Self.batches(of: site.pages.indices.filter { planned[$0] }, site: site)
            pagesWritten = Background {
                for batch in batches {
                    let batchContext = context.with(navigation: navigation.preparing(batch.sections))
                    let pages = batch.pages
                    _ = parallelMap(pages.count) { slot in
                        if let file = renderPage(pages[slot], batchContext) { emit(file) }  // written as rendered, not kept
                    }
                }
                return true
            }
        } else {
            pageFiles = parallelMap(site.pages.count) { index in
                guard planned[index] else { return nil }
                return reused[index] ?? renderPage(index, context)
            }
        }

        var outputs: [OutputFile] = []
        var others = GeneratedFiles(site: site, theme: theme, templates: templates, contents: contents, context: context,
                                    searchFiles: search.files, alertLinks: plan.alertLinks, earlier: earlier)
        var scriptData: [String: OutputFile] = [:]
        var groups: [GeneratedFiles.ReuseGroup: [String: OutputFile]] = [:]
        // A build writes the generated files a batch at a time on all cores: one at a time,
        // a 100x site's 70,000 permalinks and section menus kept one core idle for seconds.
        var unwritten: [OutputFile] = []
        var unwrittenBytes = 0
        func writeUnwritten() {
            guard let emit, !unwritten.isEmpty else { return }
            let files = unwritten
            _ = parallelMap(files.count) { emit(files[$0]) }
            unwritten = []
            unwrittenBytes = 0
        }
        for entry in plan.entries {
            var file: OutputFile?
            switch entry.producer {
            case .page(let index):
                if emit != nil { continue }  // written as rendered
                file = pageFiles[index]
            case .staticFile: continue
            case .scriptTwin(let source): file = scriptData[source].map(RelativeURLs.scriptTwin(of:))
            default:
                let made = others.file(entry)
                file = made.file
                if let basePath = relativeBase, let html = file, html.path.hasSuffix(".html"), !made.reused {
                    file = OutputFile(path: html.path, text: RelativeURLs.rewrite(String(decoding: html.bytes, as: UTF8.self),
                                                                                   filePath: html.path, basePath: basePath))
                }
                if emit == nil, let file, let group = GeneratedFiles.ReuseGroup(entry.producer) { groups[group, default: [:]][file.path] = file }
            }
            guard let file else { continue }
            if relativeBase != nil, RelativeURLs.isScriptData(file.path) { scriptData[file.path] = file }
            // A build writes the files as they are made, a batch at a time: the tag pages, the
            // alert catalogue, `alerts.json` and the sitemap of a 100x site are a few hundred
            // megabytes together.
            guard emit != nil else {
                outputs.append(file)
                continue
            }
            unwritten.append(file)
            unwrittenBytes += file.bytes.count
            if unwritten.count >= Self.writeBatch || unwrittenBytes >= Self.writeBatchBytes { writeUnwritten() }
        }
        writeUnwritten()
        _ = pagesWritten?.value
        sitemapEntries = others.sitemapEntries
        reuseGroups = groups
        if emit != nil { return ([], [], diagnostics) }  // pages and the rest went out as they were rendered
        outputs.sort { $0.path < $1.path }
        return (outputs, pageFiles, diagnostics)
    }

    /// A page's own file through its template.
    private static func renderPage(_ index: Int, site: Site, templates: TemplateSet, context: PageContext,
                                   sizeHint: PageSizeHint) -> OutputFile? {
        let page = site.pages[index]
        let contentSize = context.contents[index]?.markdown.html.utf8.count ?? 0
        guard let html = templates.renderBytes(templateName(for: page, templates: templates), context.forPage(index),
                                               capacity: contentSize + sizeHint.aroundContent) else { return nil }
        sizeHint.note(pageSize: html.count, contentSize: contentSize)
        guard site.config.relativeURLs else { return OutputFile(path: page.outputPath, bytes: html) }
        return OutputFile(path: page.outputPath, text: RelativeURLs.rewrite(String(decoding: html, as: UTF8.self),
                                                                            filePath: page.outputPath, basePath: site.config.basePath))
    }

    /// Only these pages' own files, with only their menus prepared: `build` after an edit of a
    /// few pages' text (`BuildPipeline+Patch.swift`). The pages' `contents` must be given; a
    /// page whose file shows other pages' bodies (a section's list) is not asked for.
    func renderPages(_ indices: [Int]) -> [OutputFile] {
        let sections = Set(indices.map { NavigationRenderer.menuSection(of: site.pages[$0]) })
        let navigation = NavigationRenderer(site: site, sections: sections)
        let context = PageContext(site: site, theme: theme, contents: contents, navigation: navigation)
        let sizeHint = PageSizeHint()
        return indices.compactMap { Self.renderPage($0, site: site, templates: templates, context: context, sizeHint: sizeHint) }
    }

    /// Pages grouped by the section whose menu they show, in batches of about `batchPages`.
    static func batches(of pages: [Int], site: Site) -> [(sections: Set<String>, pages: [Int])] {
        var bySection: [String: [Int]] = [:]
        var order: [String] = []
        for index in pages {
            let key = NavigationRenderer.menuSection(of: site.pages[index])
            if bySection[key] == nil { order.append(key) }
            bySection[key, default: []].append(index)
        }
        var batches: [(sections: Set<String>, pages: [Int])] = []
        var current: (sections: Set<String>, pages: [Int]) = ([], [])
        for key in order {
            current.sections.insert(key)
            current.pages += bySection[key] ?? []
            if current.pages.count >= batchPages {
                batches.append(current)
                current = ([], [])
            }
        }
        if !current.pages.isEmpty { batches.append(current) }
        return batches
    }

    /// Pages a build renders with one set of prepared menus.
    static let batchPages = 1024
    /// Generated files a build holds before it writes them, and the bytes that are written at
    /// once (one tag page of a large site can be megabytes).
    static let writeBatch = 512
    static let writeBatchBytes = 8 << 20

    /// An error when some page has no template to render it.
    static func missingTemplates(site: Site, templates: TemplateSet) -> [Diagnostic] {
        guard site.pages.contains(where: { !templates.has(templateName(for: $0, templates: templates)) }) else { return [] }
        return [Diagnostic(.templateInvalid, "the theme has no template for some pages (page, section, home)",
                           at: SourceLocation(file: site.config.templatesDir))]
    }

    /// `layout` or `type` from front matter when the theme has such a template, else by kind.
    static func templateName(for page: Page, templates: TemplateSet) -> String {
        // Asked for every page, twice: no array is made for the two candidates.
        func usable(_ candidate: String?) -> String? {
            guard let candidate, templates.has(candidate) else { return nil }
            switch candidate {
            case "redirect", "rule", "rule-missing", "alert-missing", "layout": return nil
            default: return candidate
            }
        }
        if let layout = usable(page.frontMatter.entry("layout")?.value.text) { return layout }
        if let type = usable(page.frontMatter.type) { return type }
        switch page.kind {
        case .home: return templates.has("home") ? "home" : "section"
        case .section: return "section"
        case .page: return "page"
        }
    }
}
