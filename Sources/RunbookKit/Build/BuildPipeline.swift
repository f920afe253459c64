/// The whole pipeline, one way: load → read pages → site → shortcodes and Markdown → templates.
/// Nothing is written here; the caller hands the outputs to a writer only when the result has
/// no errors, so a failing build never leaves a half-written site.
public enum BuildPipeline {
    /// - Parameters:
    ///   - cache: what an earlier build of the same site left (`serve`); nil builds from scratch.
    ///   - changed: paths relative to the source folder changed since that build; nil: unknown.
    public static func run(config base: SiteConfig, options: BuildOptions,
                           cache: BuildCache? = nil, changed: Set<String>? = nil) -> BuildResult {
        var config = base
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        var timings: [(String, Double)] = []
        var stageStart = ContinuousClock.now
        func lap(_ name: String) {
            let now = ContinuousClock.now
            let elapsed = now - stageStart
            timings.append((name, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18))
            stageStart = now
        }

        let loaded = Loader.load(sourceDirectory: options.sourceDirectory, config: config,
                                 previous: cache?.loaded, changed: changed)
        cache?.loaded = loaded
        var diagnostics = loaded.diagnostics
        let digest = cache == nil ? InputDigest.compute(loaded: loaded, options: options, toolVersion: options.toolVersion) : 0
        lap("load")
        if let previous = options.previousBuild, previous.inputs == digest {
            return unchangedResult(previous, config: config, loaded: loaded, timings: timings)
        }

        let sources = loaded.sources
        let previousReads = cache?.reads ?? [:]
        let readmes = PageReader.indexReadmes(sources.map(\.contentPath))
        let reads = parallelMap(sources.count) { index -> (Page, [Diagnostic]) in
            let source = sources[index]
            let isIndex = readmes.contains(source.contentPath)
            if let hit = previousReads[source.contentPath], hit.text == source.text,
               !PageReader.isReadme(source.contentPath) || (hit.page.kind != .page) == isIndex {
                return (hit.page, hit.problems)
            }
            return PageReader.read(source, readmeIsIndex: isIndex)
        }
        if let cache {
            cache.reads = Dictionary(zip(sources, reads).map { ($0.contentPath, ($0.text, $1.0, $1.1)) }, uniquingKeysWith: { first, _ in first })
        }
        var pages: [Page] = []
        for (page, problems) in reads {
            diagnostics += problems
            if page.frontMatter.isDraft && !options.includeDrafts { continue }
            pages.append(page)
        }
        let (site, siteProblems) = reuseSite(cache?.site, pages: pages, rules: loaded.rules)
            ?? SiteBuilder.build(pages: pages, config: config, rules: loaded.rules)
        cache?.site = (pages, site, siteProblems)
        diagnostics += siteProblems

        let templates: TemplateSet
        if let cached = cache?.templates, cached.files == loaded.theme.files {
            templates = cached.set
            diagnostics += cached.problems
        } else {
            let (compiled, problems) = TemplateSet.compile(loaded.theme, templatesFolder: config.templatesDir,
                                                               useCompiled: options.compiledTheme)
            templates = compiled
            diagnostics += problems
            if let cache {
                cache.templates = (loaded.theme.files, compiled, problems)
                cache.templatesGeneration = cache.nextGeneration
                cache.nextGeneration += 1
            }
        }
        // Two sources for one output file (alias over a page, static file over an asset, ...).
        diagnostics += PublishedFiles.claims(site: site, theme: loaded.theme, templates: templates, staticFiles: loaded.staticFiles).conflicts
        lap("parse")

        // Only lint reads the expanded Markdown after rendering; a build that writes as it goes drops it.
        let keepSources = options.reportLintChecks || options.openDestination == nil
        let (contents, generations) = renderContents(site: site, templates: templates, cache: cache, keepSources: keepSources,
                                                         files: Set(loaded.staticFiles.map(\.outputPath)))
        for content in contents.compactMap({ $0 }) {
            diagnostics += content.expanded.diagnostics
            diagnostics += content.markdown.diagnostics
        }
        lap("markdown")

        var renderer = SiteRenderer(site: site, theme: loaded.theme, templates: templates, contents: contents)
        if let open = options.openDestination {
            let resolved = resolvedRules(contents)
            var result = BuildResult(config: config, site: site, contents: contents, outputs: [], staticFiles: loaded.staticFiles,
                                     diagnostics: diagnostics, pageCount: pages.count, resolvedRuleCount: resolved, timings: timings)
            result.inputsDigest = digest
            return writeAsRendered(result: result, renderer: renderer, theme: loaded.theme, templates: templates,
                                   options: options, open: open)
        }
        let pageKeys = cache.map { pageFileKeys(site: site, generations: generations, templates: $0.templatesGeneration) } ?? []
        let alertsKey = cache.map { alertsPageKey(site: site, contents: contents, templates: $0.templatesGeneration) }
        if let cached = cache?.alertsPage, cached.key == alertsKey { renderer.cachedAlertsPage = cached.file }
        let tagsKey = cache.map { tagPagesKey(site: site, templates: $0.templatesGeneration) }
        if let cached = cache?.tagPages, cached.key == tagsKey { renderer.cachedTagPages = cached.files }
        let previousFiles = cache?.pageFiles ?? [:]
        if let cache, !pageKeys.isEmpty {
            let records = cache.searchRecords
            let searchKeys = searchDocumentKeys(site: site, generations: generations)
            let entries = cache.sitemapEntries
            renderer.cachedSearchRecord = { index in
                guard let hit = records[site.pages[index].contentPath], hit.key == searchKeys[index] else { return nil }
                return hit.record
            }
            renderer.cachedSitemapEntry = { index in
                guard let hit = entries[site.pages[index].contentPath], hit.key == pageKeys[index] else { return nil }
                return hit.entry
            }
        }
        let (outputs, pageFiles, renderProblems) = !options.renderTemplates ? ([], [], []) : renderer.render { index in
            guard !pageKeys.isEmpty, let hit = previousFiles[site.pages[index].contentPath], hit.key == pageKeys[index] else { return nil }
            return hit.file
        }
        if let cache, let tagsKey {
            cache.tagPages = (tagsKey, outputs.filter { SiteRenderer.isTagPage($0.path, site: site) })
        }
        if let cache, let alertsKey, let url = SiteRenderer.alertsPageURL(site),
           let file = outputs.first(where: { $0.path == Page.outputPath(forURL: url) }) {
            cache.alertsPage = (alertsKey, file)
        }
        if let cache, !pageKeys.isEmpty {
            cache.searchRecords = [:]
            let searchKeys = searchDocumentKeys(site: site, generations: generations)
            for (index, record) in renderer.searchRecords.enumerated() {
                if let record { cache.searchRecords[site.pages[index].contentPath] = (searchKeys[index], record) }
            }
            cache.sitemapEntries = [:]
            for (index, entry) in renderer.sitemapEntries.enumerated() {
                if let entry { cache.sitemapEntries[site.pages[index].contentPath] = (pageKeys[index], entry) }
            }
        }
        if let cache {
            cache.pageFiles = [:]
            for (index, file) in pageFiles.enumerated() {
                if let file { cache.pageFiles[site.pages[index].contentPath] = (pageKeys[index], file) }
            }
        }
        diagnostics += renderProblems
        lap("render")

        if options.reportLintChecks {
            var published = Set(outputs.map(\.path))
            for file in loaded.staticFiles { published.insert(file.outputPath) }
            if !options.renderTemplates {
                published = PublishedFiles.paths(site: site, theme: loaded.theme, templates: templates, staticFiles: loaded.staticFiles)
            }
            let context = LintContext(site: site, contents: contents, publishedFiles: published)
            diagnostics += LintRunner.run(context, existing: diagnostics)
            lap("lint")
        } else {
            diagnostics.removeAll { $0.code.stage == .lint }
        }
        let policy = config.severity.merging(options.severity)
        diagnostics = policy.apply(to: diagnostics).sorted(by: Diagnostic.reportOrder)

        var result = BuildResult(config: config, site: site, contents: contents, outputs: outputs, staticFiles: loaded.staticFiles,
                                 diagnostics: diagnostics, pageCount: pages.count, resolvedRuleCount: resolvedRules(contents),
                                 timings: timings)
        result.inputsDigest = digest
        return result
    }

    /// `rule` shortcodes that found their rule.
    private static func resolvedRules(_ contents: [RenderedPage?]) -> Int {
        contents.reduce(0) { total, content in total + (content?.expanded.ruleReferences.filter { !$0.rules.isEmpty }.count ?? 0) }
    }

    /// The result of a run whose inputs are those of the destination's last build.
    private static func unchangedResult(_ previous: BuildManifest, config: SiteConfig, loaded: LoadedSite,
                                        timings: [(String, Double)]) -> BuildResult {
        let (site, _) = SiteBuilder.build(pages: [], config: config, rules: loaded.rules)
        var result = BuildResult(config: config, site: site, contents: [], outputs: [], staticFiles: [],
                                 diagnostics: previous.diagnostics, pageCount: previous.pageCount,
                                 resolvedRuleCount: previous.resolvedRuleCount, timings: timings)
        result.inputsDigest = previous.inputs
        result.unchanged = true
        return result
    }

    /// Shortcodes and Markdown for every page with a file, on all cores; with a cache, a page
    /// whose text, rule files, templates and site structure are unchanged keeps its last result.
    /// Returns each page's body and its generation (an identity for page keys).
    static func renderContents(site: Site, templates: TemplateSet, cache: BuildCache? = nil,
                               keepSources: Bool = true, files: Set<String> = []) -> ([RenderedPage?], [Int]) {
        let environment = ShortcodeEnvironment(
            rules: site.rules,
            resolvePage: { target, directory in site.resolvePage(target, fromDirectory: directory).map { site.publicURL(site.pages[$0].url) } },
            origin: site.config.origin,
            siteParams: site.config.params,
            scripts: site.config.scripts)
        let structure = structureKey(site)
        let templatesKey = cache?.templatesGeneration ?? 0
        let previous = cache?.contents ?? [:]
        let rules = site.rules
        let results = parallelMap(site.pages.count) { index -> (RenderedPage, reused: Int?)? in
            let page = site.pages[index]
            guard let file = page.sourcePath else { return nil }
            if let hit = previous[page.contentPath], hit.structure == structure, hit.templates == templatesKey,
               hit.source == page.body.base,
               hit.ruleFiles.allSatisfy({ key, fingerprint in rules.files[key]?.fingerprint == fingerprint }) {
                return (hit.page, hit.generation)
            }
            let content = renderContent(of: page, file: file, site: site, templates: templates, environment: environment,
                                        files: files)
            return (keepSources ? content : content.withoutSource(), nil)
        }
        var generations = [Int](repeating: -1, count: results.count)
        if let cache {
            var next: [String: BuildCache.CachedContent] = [:]
            for (index, result) in results.enumerated() {
                guard let (content, reused) = result else { continue }
                let page = site.pages[index]
                var generation = reused ?? -1
                if generation < 0 {
                    generation = cache.nextGeneration
                    cache.nextGeneration += 1
                }
                generations[index] = generation
                var ruleFiles: [String: Int?] = [:]
                for reference in content.expanded.ruleReferences {
                    if let key = rules.fileKey(forShortcodePath: reference.path) { ruleFiles[key] = rules.files[key]?.fingerprint }
                }
                next[page.contentPath] = BuildCache.CachedContent(
                    source: page.body.base, structure: structure, templates: templatesKey,
                    ruleFiles: ruleFiles, generation: generation, page: content)
            }
            cache.contents = next
        }
        return (results.map { $0?.0 }, generations)
    }

    static func renderContent(of page: Page, file: String, site: Site, templates: TemplateSet,
                              environment: ShortcodeEnvironment, files: Set<String> = []) -> RenderedPage {
        let expander = ShortcodeExpander(file: file, contentPath: page.contentPath, frontMatter: page.frontMatter, environment: environment)
        let expanded = expander.expand(body: page.body, firstLine: page.bodyFirstLine)
        var embeds: [String: String] = [:]
        for (number, rules) in expanded.embeds.enumerated() {
            if rules.isEmpty, number < expanded.ruleReferences.count {
                embeds[expanded.placeholder(number)] = RuleView.renderMissing(
                    expanded.ruleReferences[number], rules: site.rules, templates: templates, config: site.config,
                    editURL: site.config.editURL(forContentFile: page.contentPath))
                continue
            }
            embeds[expanded.placeholder(number)] = RuleView.render(rules, templates: templates, config: site.config)
        }
        for (number, html) in expanded.fragments.enumerated() { embeds[expanded.fragmentPlaceholder(number)] = html }
        let markdown = MarkdownRenderer.render(expanded, file: file, embeds: embeds, rawHTML: site.config.rawHTML) { destination in
            site.rewrittenLink(destination, from: page, files: files)
        }
        return RenderedPage(expanded: expanded, markdown: markdown)
    }
}
