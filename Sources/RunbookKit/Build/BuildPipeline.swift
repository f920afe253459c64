/// The whole pipeline, one way: load → read pages → site → shortcodes and Markdown → templates.
/// Nothing is written here; the caller hands the outputs to a writer only when the result has
/// no errors, so a failing build never leaves a half-written site.
public enum BuildPipeline {
    public static func run(config base: SiteConfig, options: BuildOptions) -> BuildResult {
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

        let loaded = Loader.load(sourceDirectory: options.sourceDirectory, config: config)
        var diagnostics = loaded.diagnostics
        lap("load")

        let sources = loaded.sources
        let reads = parallelMap(sources.count) { PageReader.read(sources[$0]) }
        var pages: [Page] = []
        for (page, problems) in reads {
            diagnostics += problems
            if page.frontMatter.isDraft && !options.includeDrafts { continue }
            pages.append(page)
        }
        let (site, siteProblems) = SiteBuilder.build(pages: pages, config: config, rules: loaded.rules)
        diagnostics += siteProblems
        let templatesFolder = joinPath(options.sourceDirectory, config.templatesDir)
        let (templates, templateProblems) = TemplateSet.compile(loaded.theme, templatesFolder: config.templatesDir)
        _ = templatesFolder
        diagnostics += templateProblems
        lap("parse")

        let contents = renderContents(site: site, templates: templates)
        for content in contents.compactMap({ $0 }) {
            diagnostics += content.expanded.diagnostics
            diagnostics += content.markdown.diagnostics
        }
        lap("markdown")

        let (outputs, renderProblems) = SiteRenderer(site: site, theme: loaded.theme, templates: templates, contents: contents).render()
        diagnostics += renderProblems
        lap("render")

        if !options.reportLintChecks { diagnostics.removeAll { $0.code.stage == .lint } }
        let policy = config.severity.merging(options.severity)
        diagnostics = policy.apply(to: diagnostics).sorted(by: Diagnostic.reportOrder)

        let resolved = contents.reduce(0) { total, content in
            total + (content?.expanded.ruleReferences.filter { !$0.rules.isEmpty }.count ?? 0)
        }
        return BuildResult(config: config, site: site, contents: contents, outputs: outputs, staticFiles: loaded.staticFiles,
                           diagnostics: diagnostics, pageCount: pages.count, resolvedRuleCount: resolved, timings: timings)
    }

    /// Shortcodes and Markdown for every page with a file, on all cores.
    static func renderContents(site: Site, templates: TemplateSet) -> [RenderedPage?] {
        let environment = ShortcodeEnvironment(
            rules: site.rules,
            resolvePage: { target, directory in site.resolvePage(target, fromDirectory: directory).map { site.publicURL(site.pages[$0].url) } },
            origin: site.config.origin,
            siteParams: site.config.params)
        return parallelMap(site.pages.count) { index in
            let page = site.pages[index]
            guard let file = page.sourcePath else { return nil }
            return renderContent(of: page, file: file, site: site, templates: templates, environment: environment)
        }
    }

    static func renderContent(of page: Page, file: String, site: Site, templates: TemplateSet,
                              environment: ShortcodeEnvironment) -> RenderedPage {
        let expander = ShortcodeExpander(file: file, contentPath: page.contentPath, frontMatter: page.frontMatter, environment: environment)
        let expanded = expander.expand(body: page.body, firstLine: page.bodyFirstLine)
        var embeds: [String: String] = [:]
        for (number, rules) in expanded.embeds.enumerated() {
            embeds[expanded.placeholder(number)] = RuleView.render(rules, templates: templates, config: site.config)
        }
        let directory = page.directory
        let markdown = MarkdownRenderer.render(expanded, file: file, embeds: embeds) { destination in
            site.rewrittenLink(destination, fromDirectory: directory)
        }
        return RenderedPage(expanded: expanded, markdown: markdown)
    }
}
