/// The Markdown stage: shortcodes, then libcmark, for every page with a file.
extension BuildPipeline {
    /// On all cores; with a cache, a page whose text, rule files, templates and site structure
    /// are unchanged keeps its last result. Returns each page's body and its generation (an
    /// identity for page keys).
    /// - Parameter slice: only these pages (no cache).
    static func renderContents(site: Site, templates: TemplateSet, cache: BuildCache? = nil,
                               keepSources: Bool = true, files: Set<String> = [], slice: Range<Int>? = nil) -> ([RenderedPage?], [Int]) {
        let environment = shortcodeEnvironment(site)
        // Hashes every page's path and URL: once for the lookup and for what is kept.
        let structure = cache.map { _ in BuildCache.structureKey(site) } ?? 0
        let earlier = cache?.contentLookup(site: site, structure: structure)
        let indices = slice ?? site.pages.indices
        let results = parallelMap(indices.count) { offset -> (RenderedPage, reused: Int?)? in
            let index = indices.lowerBound + offset
            let page = site.pages[index]
            guard let file = page.sourcePath else { return nil }
            if let hit = earlier?(index) { return (hit.page, hit.generation) }
            let content = renderContent(of: page, file: file, site: site, templates: templates, environment: environment,
                                        files: files)
            return (keepSources ? content : content.withoutSource(), nil)
        }
        let generations = cache?.remember(contents: results, site: site, structure: structure) ?? [Int](repeating: -1, count: results.count)
        return (results.map { $0?.0 }, generations)
    }

    /// `build` without a state (over `BuildState.maxPages` pages): the bodies a slice of pages
    /// at a time, each slice's pages and sources let go of their text once rendered. Holding
    /// every source until every body was rendered set a 100x build's peak (the text, 290 MB,
    /// beside the bodies, 490 MB). The site that comes back has no bodies.
    static func renderMarkdownLettingSourcesGo(site: inout Site, loaded: inout LoadedSite, templates: TemplateSet,
                                               slice sliceSize: Int, run: inout StageLog) -> [RenderedPage?] {
        let files = Set(loaded.staticFiles.map(\.outputPath))
        let sourceIndex = Dictionary(loaded.sources.indices.map { (loaded.sources[$0].path, $0) }, uniquingKeysWith: { first, _ in first })
        var contents: [RenderedPage?] = []
        contents.reserveCapacity(site.pages.count)
        for start in stride(from: 0, to: site.pages.count, by: max(1, sliceSize)) {
            let slice = start..<min(start + max(1, sliceSize), site.pages.count)
            let (part, _) = renderContents(site: site, templates: templates, keepSources: false, files: files, slice: slice)
            for content in part.compactMap({ $0 }) { run.diagnostics += content.diagnostics }
            contents += part
            for index in slice {
                guard let path = site.pages[index].sourcePath, let source = sourceIndex[path] else { continue }
                let file = loaded.sources[source]
                loaded.sources[source] = SourceFile(path: file.path, contentPath: file.contentPath, text: "")
            }
            site.letBodiesGo(slice)
        }
        return contents
    }

    /// What shortcodes see of the site: its rules, its pages' URLs, its config.
    static func shortcodeEnvironment(_ site: Site) -> ShortcodeEnvironment {
        ShortcodeEnvironment(
            rules: site.rules,
            resolvePage: { target, directory in site.resolvePage(target, fromDirectory: directory).map { site.publicURL(site.pages[$0].url) } },
            origin: site.config.origin,
            siteParams: site.config.params,
            scripts: site.config.scripts)
    }

    static func renderContent(of page: Page, file: String, site: Site, templates: TemplateSet,
                              environment: ShortcodeEnvironment, files: Set<String> = []) -> RenderedPage {
        let expander = ShortcodeExpander(file: file, contentPath: page.contentPath, frontMatter: page.frontMatter, environment: environment)
        var expanded = expander.expand(body: page.body, firstLine: page.bodyFirstLine)
        var embeds: [String: String] = [:]
        var rulesShown = RuleEmbeds()
        for (number, rules) in expanded.embeds.enumerated() {
            if rules.isEmpty, number < expanded.ruleReferences.count {
                embeds[expanded.placeholder(number)] = RuleView.renderMissing(
                    expanded.ruleReferences[number], rules: site.rules, templates: templates, config: site.config,
                    editURL: site.config.editURL(forContentFile: page.contentPath))
                continue
            }
            embeds[expanded.placeholder(number)] = rulesShown.html(rules, number: number, templates: templates, config: site.config)
        }
        if let warning = rulesShown.diagnostic(expanded.ruleReferences) { expanded.diagnostics.append(warning) }
        for (number, html) in expanded.fragments.enumerated() { embeds[expanded.fragmentPlaceholder(number)] = html }
        let markdown = MarkdownRenderer.render(expanded, file: file, embeds: embeds, rawHTML: site.config.rawHTML) { destination in
            site.rewrittenLink(destination, from: page, files: files)
        }
        return RenderedPage(expanded: expanded, markdown: markdown)
    }
}
