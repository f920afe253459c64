/// What one build can hand to the next so that `serve` redoes only the work an edit affects.
/// Every entry is checked against its inputs before reuse, so a rebuild with a cache produces
/// exactly what a build from scratch would (a test compares the two). The pipeline asks it at
/// each stage for what it may reuse and tells it what the stage made.
///
/// Not thread-safe: one build at a time uses it (BuildSession holds a lock).
public final class BuildCache: @unchecked Sendable {
    /// The last load, with file texts to reuse for files that did not change.
    var loaded: LoadedSite?
    /// Front matter reads by content path, valid while the text is the same.
    private var reads = PathTable<(text: String, page: Page, problems: [Diagnostic])>()
    /// The last site, with the pages it was built from and what building it reported.
    private var site: (inputs: [Page], site: Site, problems: [Diagnostic])?
    /// Compiled templates, valid while the theme's files are the same.
    private var templates: (files: [String: [UInt8]], set: TemplateSet, problems: [Diagnostic])?
    /// Rendered bodies by content path.
    private var contents = PathTable<CachedContent>()
    /// Rendered page files by content path, with the key of everything they show.
    private var pageFiles = PathTable<(key: Int, file: OutputFile)>()
    /// Search records and sitemap entries by content path, with the key of the page file they describe.
    private var searchRecords = PathTable<(key: Int, record: SearchDocument)>()
    private var sitemapEntries = PathTable<(key: Int, entry: String)>()
    /// Alert entries and redirect pages, with the templates they were rendered with.
    private var memo = (templates: -1, pieces: RenderMemo())
    /// The search index's terms and shards, updated in place by the next build.
    private var searchIndex: SearchIndex.State?
    /// Generated files by group (tag pages, alert files), with the key of what they show.
    private var generated: [GeneratedFiles.ReuseGroup: (key: Int, files: [String: OutputFile])] = [:]
    /// Hands out identities to rendered bodies and compiled templates, so keys can name them cheaply.
    private var nextGeneration = 0
    private(set) var templatesGeneration = -1

    public init() {}

    struct CachedContent: Sendable {
        /// The page's file text (front matter and body): identical storage when the file was not reread.
        let source: String
        let structure: Int
        let templates: Int
        /// What the page's `rule` shortcodes resolved against.
        let rules: RuleDependency
        let generation: Int
        let page: RenderedPage
    }

    private func newGeneration() -> Int {
        defer { nextGeneration += 1 }
        return nextGeneration
    }

    // MARK: Read pages

    /// Looks up a source's earlier read, safe to call from every core: the same text read the
    /// same way (a README read as a section index or as a page) gives the same page.
    func readLookup(for sources: [SourceFile]) -> @Sendable (_ index: Int, _ readmeIsIndex: Bool) -> (Page, [Diagnostic])? {
        let earlier = reads.lookup(for: sources.map(\.contentPath))
        return { index, isIndex in
            let source = sources[index]
            guard let hit = earlier(index), hit.text == source.text,
                  !PageReader.isReadme(source.contentPath) || (hit.page.kind != .page) == isIndex else { return nil }
            return (hit.page, hit.problems)
        }
    }

    func remember(reads results: [(Page, [Diagnostic])], of sources: [SourceFile]) {
        reads = PathTable(paths: sources.map(\.contentPath), values: zip(sources, results).map { ($0.text, $1.0, $1.1) })
    }

    // MARK: Site

    /// The last site with the edited pages swapped in, when no edit touched its structure.
    func reusedSite(pages: [Page], rules: RuleIndex) -> (Site, [Diagnostic])? {
        Self.reuseSite(site, pages: pages, rules: rules)
    }

    func remember(site built: Site, pages: [Page], problems: [Diagnostic]) {
        site = (pages, built, problems)
    }

    // MARK: Templates

    /// The compiled templates of a theme whose files are unchanged.
    func compiledTemplates(for theme: Theme) -> (TemplateSet, [Diagnostic])? {
        guard let templates, templates.files == theme.files else { return nil }
        return (templates.set, templates.problems)
    }

    func remember(templates compiled: TemplateSet, of theme: Theme, problems: [Diagnostic]) {
        templates = (theme.files, compiled, problems)
        templatesGeneration = newGeneration()
    }

    // MARK: Shortcodes and Markdown

    /// Looks up a page's earlier body, safe to call from every core: valid while its text,
    /// the rule files it named, the templates and the site's structure are the same.
    /// - Parameter structure: `structureKey(site)`, worked out once for this and `remember(contents:)`.
    func contentLookup(site: Site, structure: Int) -> @Sendable (_ index: Int) -> (page: RenderedPage, generation: Int)? {
        let templates = templatesGeneration
        let previous = contents.lookup(for: site.pages.map(\.contentPath))
        let rules = site.rules
        let pages = site.pages
        return { index in
            let page = pages[index]
            guard let hit = previous(index), hit.structure == structure, hit.templates == templates,
                  hit.source == page.body.base,
                  hit.rules.holds(in: rules) else { return nil }
            return (hit.page, hit.generation)
        }
    }

    /// Keeps this build's bodies; returns each page's generation (an identity for page keys,
    /// -1 for a page without a body), new for a body made anew.
    func remember(contents results: [(RenderedPage, reused: Int?)?], site: Site, structure: Int) -> [Int] {
        let rules = site.rules
        var generations = [Int](repeating: -1, count: results.count)
        let paths = site.pages.map(\.contentPath)
        let previous = contents.lookup(for: paths)
        var next = [CachedContent?](repeating: nil, count: results.count)
        for (index, result) in results.enumerated() {
            guard let (content, reused) = result else { continue }
            let page = site.pages[index]
            let generation = reused ?? newGeneration()
            generations[index] = generation
            // A body reused as it was keeps its entry: the lookup checked its rule files.
            if reused != nil, let kept = previous(index), kept.generation == generation, kept.structure == structure {
                next[index] = kept
                continue
            }
            next[index] = CachedContent(
                source: page.body.base, structure: structure, templates: templatesGeneration,
                rules: RuleDependency(content.expanded.ruleReferences, rules: rules), generation: generation, page: content)
        }
        contents = PathTable(paths: paths, values: next)
        return generations
    }

    // MARK: Render

    /// The keys of what this build's files show, worked out before rendering.
    struct RenderKeys {
        let pages: [Int]
        /// Narrower than `pages`: what each page's search document holds.
        let search: [Int]
        let tags: Int
        let alerts: Int
        let alertLinks: Int
        let sectionMenus: Int

        func key(of group: GeneratedFiles.ReuseGroup) -> Int {
            switch group {
            case .tagPages: tags
            case .alertsPage: alerts
            case .alertLinks: alertLinks
            case .sectionMenus: sectionMenus
            }
        }
    }

    /// Hands the renderer every file, search record and sitemap entry whose key is unchanged.
    /// - Returns: the keys to remember the rendered files under.
    func offer(to renderer: inout SiteRenderer, generations: [Int]) -> RenderKeys {
        let site = renderer.site
        let menus = MenuKeys(site: site)
        let alerts = Self.alertKeys(site: site, contents: renderer.contents, templates: templatesGeneration, menus: menus)
        let keys = RenderKeys(pages: Self.pageFileKeys(site: site, generations: generations, templates: templatesGeneration, menus: menus),
                              search: Self.searchDocumentKeys(site: site, generations: generations),
                              tags: Self.tagPagesKey(site: site, templates: templatesGeneration, menus: menus),
                              alerts: alerts.catalogue, alertLinks: alerts.links, sectionMenus: menus.allSections)
        for (group, entry) in generated where entry.key == keys.key(of: group) { renderer.earlier.generated[group] = entry.files }
        let pageKeys = keys.pages
        let searchKeys = keys.search
        let paths = site.pages.map(\.contentPath)
        let records = searchRecords.lookup(for: paths)
        let entries = sitemapEntries.lookup(for: paths)
        let files = pageFiles.lookup(for: paths)
        renderer.earlier.searchIndex = searchIndex
        if memo.templates != templatesGeneration { memo = (templatesGeneration, RenderMemo()) }
        renderer.earlier.memo = memo.pieces
        renderer.earlier.homeMenuKey = menus.key(forMenuAt: "")
        renderer.earlier.searchDocument = { index in
            guard let hit = records(index), hit.key == searchKeys[index] else { return nil }
            return hit.record
        }
        renderer.earlier.sitemapEntry = { index in
            guard let hit = entries(index), hit.key == pageKeys[index] else { return nil }
            return hit.entry
        }
        renderer.earlier.pageFile = { index in
            guard let hit = files(index), hit.key == pageKeys[index] else { return nil }
            return hit.file
        }
        return keys
    }

    /// Keeps what the renderer made, under the keys `offer` worked out.
    func remember(rendered outputs: [OutputFile], pageFiles files: [OutputFile?], by renderer: SiteRenderer, keys: RenderKeys) {
        let site = renderer.site
        generated = [:]
        for (group, files) in renderer.reuseGroups { generated[group] = (keys.key(of: group), files) }
        searchIndex = renderer.searchState
        let paths = site.pages.map(\.contentPath)
        searchRecords = PathTable(paths: paths, values: renderer.searchRecords.enumerated().map { index, record in
            record.map { (keys.search[index], $0) }
        })
        sitemapEntries = PathTable(paths: paths, values: renderer.sitemapEntries.enumerated().map { index, entry in
            entry.map { (keys.pages[index], $0) }
        })
        pageFiles = PathTable(paths: paths, values: files.enumerated().map { index, file in file.map { (keys.pages[index], $0) } })
    }
}
