/// The whole pipeline, one way, one function per stage in data-flow order:
/// load → read pages → site → templates → shortcodes and Markdown → render (and write) → lint.
/// Every stage adds its problems to the run's diagnostics instead of stopping it, so one run
/// reports everything. `build` writes through `BuildOptions.openDestination`, opened only when
/// the run has nothing that fails it, so a failing build never leaves a half-written site;
/// otherwise the outputs come back in the result (`serve`, `lint`, tests).
public enum BuildPipeline {
    /// - Parameters:
    ///   - cache: what an earlier build of the same site left (`serve`); nil builds from scratch.
    ///   - changed: paths relative to the source folder changed since that build; nil: unknown.
    public static func run(config base: SiteConfig, options given: BuildOptions,
                           cache: BuildCache? = nil, changed: Set<String>? = nil) -> BuildResult {
        var options = given
        var config = base
        if let baseURL = options.baseURL { config.baseURL = baseURL }
        var run = StageLog()

        // With a record to compare with (or one being read), rule files are parsed only once the
        // inputs differ from it: parsing their YAML was half of a no-op build.
        let deferRules = cache == nil && (options.previousBuild != nil || options.previousBuildLater != nil)
        // The last build's state, read while the sources load: a build after an edit of a few
        // pages starts from it (`patch`), and reading 3 MB waited on the load. Not needed if
        // the build turns out to be a no-op, so read with the CPU time the load leaves.
        var lastState = cache == nil && options.openDestination != nil ? options.stateLocation.map { location in
            Background.idle { BuildState.read(cache: location.cache, destination: location.destination) }
        } : nil
        var loaded = load(config: config, options: options, cache: cache, changed: changed, parseRules: !deferRules, run: &run)
        let digest = cache == nil ? InputDigest.compute(loaded: loaded, options: options, toolVersion: options.toolVersion) : nil
        if options.previousBuild == nil, let later = options.previousBuildLater { options.previousBuild = later() }
        if let previous = options.previousBuild, let digest, previous.inputs == digest.value {
            run.lap("load")
            return unchangedResult(previous, config: config, loaded: loaded, timings: run.timings)
        }
        options.willWrite?()
        // A few pages' text edited: redo those from the last build's state (rule files included).
        if let digest,
           let patched = patch(loaded: loaded, digest: digest, state: lastState, config: config, options: options, run: &run) {
            return patched
        }
        lastState = nil  // a full build makes its own: the last one (25 MB at 10x) is let go
        if deferRules {
            let reported = loaded.diagnostics.count
            Loader.parseRules(of: &loaded)
            run.diagnostics += loaded.diagnostics[reported...]  // the rule files' problems, which the loader added
        }
        run.lap("load")

        // What this build's state for the next one holds (`BuildState`), when it keeps one.
        let keepsState = digest != nil && options.stateLocation != nil && options.openDestination != nil
            && loaded.sources.count <= BuildState.maxPages
        var read = readPages(loaded.sources, options: options, cache: cache, shapes: keepsState, run: &run)
        var pages = read.pages
        read.pages = []  // `pages` holds them (and their text) while it needs to
        let pageCount = pages.count
        var site = buildSite(pages: pages, config: config, rules: loaded.rules, cache: cache, run: &run)
        let templates = compileTemplates(loaded.theme, config: config, options: options, cache: cache, run: &run)
        // Two sources for one output file (alias over a page, static file over an asset, ...):
        // planned beside the Markdown stage, which does not need the plan (at 100x planning
        // was a tenth of a second on one core). Its problems keep their place in the report.
        // The work's copy of the site lives only while it runs: kept in a closure of this scope
        // (to be called again below), it held every page's text to the end of the build, and
        // a 100x build's peak 350 MB higher.
        let planning = Background { [site, theme = loaded.theme, staticFiles = loaded.staticFiles] in
            OutputPlan(site: site, theme: theme, templates: templates, staticFiles: staticFiles)
        }
        let conflictsAt = run.diagnostics.count
        run.lap("parse")

        let contents: (pages: [RenderedPage?], generations: [Int])
        let sliced = options.openDestination != nil && cache == nil && !keepsState && !options.reportLintChecks
        if sliced {
            // A large site's build: each slice's text is let go once its bodies are rendered,
            // so the sources and the bodies do not all live at once.
            pages = []
            contents = (renderMarkdownLettingSourcesGo(site: &site, loaded: &loaded, templates: templates,
                                                       slice: options.markdownSlice, run: &run), [])
        } else {
            contents = renderMarkdown(site: site, templates: templates, staticFiles: loaded.staticFiles,
                                      options: options, cache: cache, run: &run)
        }
        let plan = planning.value ?? OutputPlan(site: site, theme: loaded.theme, templates: templates, staticFiles: loaded.staticFiles)
        run.diagnostics.insert(contentsOf: plan.conflicts, at: conflictsAt)
        run.lap("markdown")
        let state = digest.flatMap { keepsState ? stateSources(loaded.sources, digest: $0, shapes: read.shapes, site: site,
                                                                contents: contents.pages) : nil }
        if options.openDestination != nil && cache == nil {
            // A build writes from the rendered bodies: let the sources go before every page is
            // rendered (a 100x site's text is half a gigabyte).
            if !sliced { site.letBodiesGo() }  // the sliced stage let them go already
            pages = []
            loaded.sources = []
            FreedMemory.release()
        }

        var result = BuildResult(config: config, site: site, contents: contents.pages, outputs: [], staticFiles: loaded.staticFiles,
                                 diagnostics: run.diagnostics, pageCount: pageCount, resolvedRuleCount: resolvedRules(contents.pages),
                                 timings: run.timings)
        result.inputsDigest = digest?.value ?? 0
        var renderer = SiteRenderer(site: site, theme: loaded.theme, templates: templates, contents: contents.pages)
        renderer.staticFiles = loaded.staticFiles
        renderer.basePlan = plan
        if let open = options.openDestination {
            let draft = digest.flatMap { digest in state.map { (digest: digest, sources: $0) } }
            return writeAsRendered(result: result, renderer: renderer, theme: loaded.theme, templates: templates,
                                   options: options, state: draft, open: open)
        }
        let outputs = render(&renderer, generations: contents.generations, options: options, cache: cache, run: &run)
        run.lap("render")

        lint(site: site, contents: contents.pages, outputs: outputs, plan: plan, loaded: loaded, options: options, run: &run)
        let policy = config.severity.merging(options.severity)
        result = BuildResult(config: config, site: site, contents: contents.pages, outputs: outputs, staticFiles: loaded.staticFiles,
                             diagnostics: policy.apply(to: run.diagnostics).sorted(by: Diagnostic.reportOrder),
                             pageCount: pageCount, resolvedRuleCount: result.resolvedRuleCount, timings: run.timings)
        result.inputsDigest = digest?.value ?? 0
        return result
    }

    /// What the stages report as they go: diagnostics and seconds per stage (`--timings`).
    struct StageLog {
        var diagnostics: [Diagnostic] = []
        private(set) var timings: [(String, Double)] = []
        private var stageStart = ContinuousClock.now

        /// Ends the current stage under this name.
        mutating func lap(_ name: String) {
            let now = ContinuousClock.now
            timings.append((name, Self.seconds(now - stageStart)))
            stageStart = now
        }

        static func seconds(_ duration: Duration) -> Double {
            Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        }
    }

    // MARK: Stages, in data-flow order

    /// Config is loaded by the caller; this walks `content/`, `rules/`, the theme and the static files.
    private static func load(config: SiteConfig, options: BuildOptions, cache: BuildCache?, changed: Set<String>?,
                             parseRules: Bool, run: inout StageLog) -> LoadedSite {
        let loaded = Loader.load(sourceDirectory: options.sourceDirectory, config: config,
                                 previous: cache?.loaded, changed: changed, parseRules: parseRules)
        cache?.loaded = loaded
        run.diagnostics += loaded.diagnostics
        return loaded
    }

    /// Front matter and the page's place (URL, kind) for every source, on all cores; drafts
    /// are dropped unless asked for.
    /// - Parameter shapes: also give each source's `BuildState.shape` (0 for one without a page).
    static func readPages(_ sources: [SourceFile], options: BuildOptions, cache: BuildCache?, shapes: Bool = false,
                          run: inout StageLog) -> (pages: [Page], shapes: [UInt64]) {
        let readmes = PageReader.indexReadmes(sources.map(\.contentPath))
        let earlier = cache?.readLookup(for: sources)
        let reads = parallelMap(sources.count) { index -> (Page, [Diagnostic]) in
            let source = sources[index]
            let isIndex = readmes.contains(source.contentPath)
            return earlier?(index, isIndex) ?? PageReader.read(source, readmeIsIndex: isIndex)
        }
        cache?.remember(reads: reads, of: sources)
        var pages: [Page] = []
        for (page, problems) in reads {
            run.diagnostics += problems
            if page.frontMatter.isDraft && !options.includeDrafts { continue }
            pages.append(page)
        }
        return (pages, shapes ? parallelMap(reads.count) { BuildState.shape(of: reads[$0].0) } : [])
    }

    /// Sections, the menu, tags and the alert index, built once from every page.
    private static func buildSite(pages: [Page], config: SiteConfig, rules: RuleIndex, cache: BuildCache?,
                                  run: inout StageLog) -> Site {
        let (site, problems) = cache?.reusedSite(pages: pages, rules: rules)
            ?? SiteBuilder.build(pages: pages, config: config, rules: rules)
        cache?.remember(site: site, pages: pages, problems: problems)
        run.diagnostics += problems
        return site
    }

    /// The theme's templates, compiled (the default theme's are Swift already).
    static func compileTemplates(_ theme: Theme, config: SiteConfig, options: BuildOptions, cache: BuildCache?,
                                         run: inout StageLog) -> TemplateSet {
        if let (templates, problems) = cache?.compiledTemplates(for: theme) {
            run.diagnostics += problems
            return templates
        }
        let (templates, problems) = TemplateSet.compile(theme, templatesFolder: config.templatesDir,
                                                        useCompiled: options.compiledTheme)
        cache?.remember(templates: templates, of: theme, problems: problems)
        run.diagnostics += problems
        return templates
    }

    /// Shortcodes and Markdown for every page with a file.
    private static func renderMarkdown(site: Site, templates: TemplateSet, staticFiles: [StaticFile], options: BuildOptions,
                                       cache: BuildCache?, run: inout StageLog) -> (pages: [RenderedPage?], generations: [Int]) {
        // Only lint reads the expanded Markdown after rendering; a build that writes as it goes drops it.
        let keepSources = options.reportLintChecks || options.openDestination == nil
        let contents = renderContents(site: site, templates: templates, cache: cache, keepSources: keepSources,
                                      files: Set(staticFiles.map(\.outputPath)))
        for content in contents.0.compactMap({ $0 }) { run.diagnostics += content.diagnostics }
        return contents
    }

    /// Every file through the templates, reusing from the cache what nothing changed.
    private static func render(_ renderer: inout SiteRenderer, generations: [Int], options: BuildOptions, cache: BuildCache?,
                               run: inout StageLog) -> [OutputFile] {
        guard options.renderTemplates else { return [] }
        guard let cache else {
            let (outputs, _, problems) = renderer.render()
            run.diagnostics += problems
            return outputs
        }
        let keys = cache.offer(to: &renderer, generations: generations)
        let (outputs, pageFiles, problems) = renderer.render()
        cache.remember(rendered: outputs, pageFiles: pageFiles, by: renderer, keys: keys)
        run.diagnostics += problems
        return outputs
    }

    /// `lint`: the checks that read the whole site. Other runs drop the lint-only codes that
    /// earlier stages report.
    private static func lint(site: Site, contents: [RenderedPage?], outputs: [OutputFile], plan: OutputPlan, loaded: LoadedSite,
                             options: BuildOptions, run: inout StageLog) {
        guard options.reportLintChecks else {
            run.diagnostics.removeAll { $0.code.stage == .lint }
            return
        }
        var published = Set(outputs.map(\.path))
        for file in loaded.staticFiles { published.insert(file.outputPath) }
        if !options.renderTemplates {
            published = plan.paths
        }
        let context = LintContext(site: site, contents: contents, publishedFiles: published)
        run.diagnostics += LintRunner.run(context, existing: run.diagnostics)
        run.lap("lint")
    }

    // MARK: Helpers

    /// Each source's part of the state this build keeps: its digest and shape, and what its
    /// page's body showed. Nil when a page cannot be matched to its source (the state would
    /// then miss its diagnostics): the build keeps no state.
    private static func stateSources(_ sources: [SourceFile], digest: InputDigest, shapes: [UInt64], site: Site,
                                     contents: [RenderedPage?]) -> [BuildState.Source]? {
        guard shapes.count == sources.count, digest.sources.count == sources.count else { return nil }
        var result = sources.indices.map { BuildState.Source(text: digest.sources[$0], shape: shapes[$0], page: nil, content: nil) }
        var sourceIndex: [String: Int] = [:]
        for (index, source) in sources.enumerated() { sourceIndex[source.contentPath] = index }
        for (index, page) in site.pages.enumerated() where page.sourcePath != nil {
            guard let source = sourceIndex[page.contentPath] else { return nil }
            result[source] = BuildState.Source(text: digest.sources[source], shape: shapes[source], page: page, content: contents[index])
        }
        return result
    }

    /// `rule` shortcodes that found their rule.
    private static func resolvedRules(_ contents: [RenderedPage?]) -> Int {
        contents.reduce(0) { $0 + ($1?.resolvedRuleCount ?? 0) }
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
}
