/// `runbook build` after an edit of a few pages' text, with the state the last build of the same
/// destination kept (`BuildState`): only those pages' bodies and files, and the search index,
/// are made again; every other file of the last build is kept as it stands. Used only where
/// the edit cannot reach any other file, which the state tells:
///
/// - everything but the pages' texts is as it was (tool, options, config, page paths, rules,
///   theme, static files: `InputDigest.rest`), and the destination is as that build left it;
/// - each edited page keeps its shape (front matter, title, URL: so the site's structure, its
///   menus, tags and neighbours are the same), is a page (a section's file lists its children's
///   bodies), shows the same rules (the alert files link them to it) and the same summary and
///   severity in its section's list.
///
/// Otherwise, or when anything is off (no state, a malformed one, a sink that cannot keep
/// files), it returns nil and the caller builds everything. The result is byte for byte what a
/// full build writes, diagnostics included: a test builds both after random edits.
extension BuildPipeline {
    /// At most this share of the pages (and at least 8): past it, a full build costs about the same.
    static func patchLimit(pages: Int) -> Int { max(8, pages / 20) }

    /// - Parameters:
    ///   - loaded: the sources, with the rule files read but not parsed: they come from the state.
    ///   - state: the last build's state, being read (`BuildState.read`).
    static func patch(loaded unparsed: LoadedSite, digest: InputDigest, state lastState: Background<BuildState?>?,
                      config: SiteConfig, options: BuildOptions, run: inout StageLog) -> BuildResult? {
        guard let previous = options.previousBuild, let open = options.openDestination,
              !options.reportLintChecks, options.renderTemplates, !config.relativeURLs, !unparsed.sources.isEmpty,
              let restored = lastState?.value, let state = restored,
              state.inputs == previous.inputs, state.rest == digest.rest, state.sources.count == digest.sources.count
        else { return nil }
        let edited = digest.sources.indices.filter { digest.sources[$0] != state.sources[$0].text }
        guard !edited.isEmpty, edited.count <= patchLimit(pages: unparsed.sources.count),
              let loaded = withRules(unparsed, from: state) else { return nil }
        var log = run
        log.diagnostics += loaded.rules.sortedFiles.flatMap(\.problems)
        log.lap("load")
        // The search index is read back on another core while the pages are read.
        let restoring = Background { () -> SearchIndex.State? in
            var reader = ByteReader(state.search)
            return SearchIndex.State.restored(from: &reader)
        }

        let read = readPages(loaded.sources, options: options, cache: nil, shapes: true, run: &log)
        guard edited.allSatisfy({ read.shapes[$0] == state.sources[$0].shape }) else { return nil }
        let (site, siteProblems) = SiteBuilder.build(pages: read.pages, config: config, rules: loaded.rules)
        log.diagnostics += siteProblems
        let templates = compileTemplates(loaded.theme, config: config, options: options, cache: nil, run: &log)
        let basePlan = OutputPlan(site: site, theme: loaded.theme, templates: templates, staticFiles: loaded.staticFiles)
        log.diagnostics += basePlan.conflicts
        log.lap("parse")

        // The edited pages' bodies; a draft left out has none.
        let pageOfSource = loaded.sources.map { site.pageIndex(forContentPath: $0.contentPath) }
        let pages = edited.compactMap { pageOfSource[$0] }
        guard pages.allSatisfy({ site.pages[$0].kind == .page && site.pages[$0].sourcePath != nil }) else { return nil }
        let environment = shortcodeEnvironment(site)
        let files = Set(loaded.staticFiles.map(\.outputPath))
        let made = parallelMap(pages.count) { slot in
            let page = site.pages[pages[slot]]
            return renderContent(of: page, file: page.sourcePath ?? "", site: site, templates: templates,
                                 environment: environment, files: files).withoutSource()
        }
        var contents = [RenderedPage?](repeating: nil, count: site.pages.count)
        for (page, content) in zip(pages, made) { contents[page] = content }
        var sources = state.sources
        var resolved = previous.resolvedRuleCount
        for index in edited {
            let old = state.sources[index]
            let new = BuildState.Source(text: digest.sources[index], shape: old.shape, page: pageOfSource[index].map { site.pages[$0] },
                                        content: pageOfSource[index].flatMap { contents[$0] })
            guard new.shown == old.shown, new.rules == old.rules else { return nil }
            resolved += new.resolved - old.resolved
            sources[index] = new
        }
        for source in sources { log.diagnostics += source.diagnostics }
        // Named apart from a full build's `markdown`, so `--timings` tells which build ran.
        log.lap("edited pages")

        // Reported as a full build reports them (`writeAsRendered`).
        var diagnostics = log.diagnostics.filter { $0.code.stage != .lint }
        diagnostics += SiteRenderer.missingTemplates(site: site, templates: templates)
        diagnostics = config.severity.merging(options.severity).apply(to: diagnostics).sorted(by: Diagnostic.reportOrder)
        var result = BuildResult(config: config, site: site, contents: contents, outputs: [], staticFiles: loaded.staticFiles,
                             diagnostics: diagnostics, pageCount: read.pages.count, resolvedRuleCount: resolved, timings: log.timings)
        result.inputsDigest = digest.value
        result.patchedPages = pages.count
        if result.fails(strict: options.strict) {
            run = log
            return result
        }

        // The search index from the kept postings, with the edited pages' documents put in.
        let visible = site.pages.indices.filter { !site.pages[$0].frontMatter.bookHidden }
        guard let restored = restoring.value, let search = restored, search.pageCount == visible.count else { return nil }
        var searchID: [Int: Int] = [:]
        for (id, index) in visible.enumerated() { searchID[index] = id }
        for page in pages {
            guard let id = searchID[page] else { continue }
            search.replace(page: id, with: SearchDocument(page, site: site, contents: contents))
        }
        let searchFiles = search.files()
        var written = searchFiles
        var renderer = SiteRenderer(site: site, theme: loaded.theme, templates: templates, contents: contents)
        renderer.staticFiles = loaded.staticFiles
        renderer.basePlan = basePlan
        // The plan names every search file: the shards the edit did not change are kept.
        let searchPaths = Set(search.indexPaths).union(visible.indices.map(SearchIndex.recordPath))
        let plan = renderer.plan(searchFiles: searchPaths.sorted())
        let owned = Set(plan.entries.compactMap { entry -> Int? in
            if case .page(let index) = entry.producer { return index } else { return nil }
        })
        written += renderer.renderPages(pages.filter(owned.contains))
        let writtenPaths = Set(written.map(\.path))
        // In no order: the writer only records them.
        let kept = Array(plan.paths.filter { !writtenPaths.contains($0) })

        // The next state is made on another core while the destination is opened and written.
        let rules = state.rules, nextSources = sources
        let next = Background { () -> [ArraySlice<UInt8>] in
            var saved = ByteWriter()
            search.save(into: &saved)
            return BuildState(inputs: digest.value, rest: digest.rest, sources: nextSources, rules: rules, search: saved.bytes[...])
                .serializedParts()
        }
        guard let outcome = publish(written, keeping: kept, plan: plan, result: result, state: next, options: options, open: open)
        else { return nil }
        result = outcome
        log.lap("render+write")
        result.timings = log.timings
        run = log
        return result
    }

    /// The site with its rule files as the state kept them parsed: the same files, each with
    /// the same text (`InputDigest.rest` has their fingerprints). Nil when they are not.
    private static func withRules(_ unparsed: LoadedSite, from state: BuildState) -> LoadedSite? {
        guard let files = state.ruleFiles else { return nil }
        let read = unparsed.rules.sortedFiles
        guard files.count == read.count,
              zip(files, read).allSatisfy({ $0.path == $1.path && $0.fingerprint == $1.fingerprint }) else { return nil }
        var loaded = unparsed
        loaded.rules = RuleIndex(files: files, filesOutside: unparsed.rules.filesOutside, folder: unparsed.rules.folder)
        return loaded
    }

    /// Writes the files made, keeps the rest, and records the build with its state. Nil when the
    /// destination cannot keep files (it is not as the last build left it): nothing is written.
    private static func publish(_ files: [OutputFile], keeping kept: [String], plan: OutputPlan, result input: BuildResult,
                                state: Background<[ArraySlice<UInt8>]>, options: BuildOptions,
                                open: (Set<String>) throws -> any OutputSink) -> BuildResult? {
        var result = input
        var sink: (any OutputSink)?
        do {
            let output = try open(plan.paths)
            sink = output
            guard output.keep(kept) else {
                output.abandon()
                return nil
            }
            for file in files { try output.write(file) }
            let manifest = BuildManifest(inputs: result.inputsDigest, pageCount: result.pageCount,
                                         resolvedRuleCount: result.resolvedRuleCount, diagnostics: result.diagnostics, files: [:])
            result.writeReport = try finish(output, manifest: manifest, options: options, keeping: state.value)
            sink = nil
        } catch {
            result.writeError = error as? OutputSinkError ?? .failed("\(error)")
        }
        sink?.abandon()
        return result
    }

    /// Publishes what the sink was given and records the build: its manifest with the stamps
    /// and digests of the files as published, and its state (`BuildState.serializedParts`;
    /// nil removes an earlier one). The state is saved on another core while the manifest is
    /// made and saved: one after the other they were the last 5 ms of a cold corpus build, on
    /// one core. Their order does not matter: a state is used only beside a record of the same
    /// inputs.
    static func finish(_ output: any OutputSink, manifest: BuildManifest, options: BuildOptions,
                       keeping state: [ArraySlice<UInt8>]?) throws(OutputSinkError) -> SiteWriter.Report {
        try output.finish(record: { published in
            var recorded = manifest
            recorded.files = published.stamps
            recorded.contents = published.contents
            let saving = Background { keep(state, options: options) }
            defer { _ = saving.value }
            try options.recordBuild?(recorded)
        })
    }

    /// Saves the state for the next build (`BuildState.serializedParts`), or removes an
    /// earlier one when this build keeps none (nil) or its state cannot be saved (the next
    /// build is then a full one): it is never needed for this build to succeed.
    private static func keep(_ state: [ArraySlice<UInt8>]?, options: BuildOptions) {
        guard let location = options.stateLocation else { return }
        if let state, (try? BuildState.save(state, cache: location.cache, destination: location.destination)) != nil { return }
        BuildState.remove(cache: location.cache, destination: location.destination)
    }
}
