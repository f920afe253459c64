import Foundation

extension BuildPipeline {
    /// `build`: once shortcodes and Markdown have run, every problem the site can have is known
    /// (templates cannot fail once each page's template exists). If there is none that fails
    /// the run, the destination is opened and every page is written as soon as it is rendered,
    /// so no build holds the whole site in memory. Otherwise nothing is rendered or written.
    /// - Parameter state: the inputs and each source's part of the state this build keeps for
    ///   the next (`BuildState`); nil keeps none, and removes an earlier one.
    static func writeAsRendered(result input: BuildResult, renderer: SiteRenderer, theme: Theme,
                                templates: TemplateSet, options: BuildOptions,
                                state: (digest: InputDigest, sources: [BuildState.Source])? = nil,
                                open: (Set<String>) throws -> any OutputSink) -> BuildResult {
        let start = ContinuousClock.now
        var result = input
        var renderer = renderer
        let site = result.site
        var diagnostics = result.diagnostics.filter { $0.code.stage != .lint }
        diagnostics += SiteRenderer.missingTemplates(site: site, templates: templates)
        diagnostics = result.config.severity.merging(options.severity).apply(to: diagnostics).sorted(by: Diagnostic.reportOrder)
        let digest = result.inputsDigest
        result = BuildResult(config: result.config, site: site, contents: result.contents, outputs: [], staticFiles: result.staticFiles,
                             diagnostics: diagnostics, pageCount: result.pageCount, resolvedRuleCount: result.resolvedRuleCount,
                             timings: result.timings)
        result.inputsDigest = digest
        if result.fails(strict: options.strict) { return result }

        renderer.searchWritten = []  // the renderer neither builds the search index nor plans its files
        // No page or generated file is given up to the search index's files (they are claimed
        // after them, `OutputPlan`), so the files the renderer makes are known without them.
        let basePlan = renderer.basePlan ?? renderer.plan(searchFiles: nil)
        // The state for the next build, made beside the pages too: made when the build was
        // recorded, it was the last tenth of a cold corpus build's CPU time, on one core.
        let rulesSaved = state.map { _ in
            Background { () -> [UInt8] in
                var rules = ByteWriter()
                RuleFile.save(site.rules.sortedFiles, into: &rules)
                return rules.bytes
            }
        }
        var sink: (any OutputSink)?
        do {
            let output = try open(basePlan.paths)
            sink = output
            let failure = FirstFailure()
            @Sendable func write(_ file: OutputFile) {
                do throws(OutputSinkError) { try output.write(file) } catch { failure.note(error.description) }
            }
            let searching = searchIndexBeside(site: site, contents: result.contents, plan: basePlan,
                                              keepingState: state != nil, write: write)
            _ = renderer.render(emit: write)
            guard let search = searching.value else { throw OutputSinkError.failed("the search index was not built") }
            result.timings.append(("search", search.seconds))
            // Joined here, not on the search index's thread: a task of the shared pool that
            // waits for another could wait for a thread the pool does not have.
            var savedState: [ArraySlice<UInt8>]?
            if let state, let searchPart = search.statePart, let rules = rulesSaved?.value {
                savedState = BuildState(inputs: state.digest.value, rest: state.digest.rest, sources: state.sources,
                                        rules: rules[...], search: searchPart[...]).serializedParts()
            }
            try writeSearchFiles(search.files, renderer: renderer, rendered: basePlan, to: output)
            FreedMemory.release()
            if let message = failure.message { throw OutputSinkError.failed(message) }
            try output.copy(result.staticFiles)
            let manifest = BuildManifest(inputs: result.inputsDigest, pageCount: result.pageCount,
                                         resolvedRuleCount: result.resolvedRuleCount, diagnostics: diagnostics, files: [:])
            result.writeReport = try finish(output, manifest: manifest, options: options, keeping: savedState)
            sink = nil
        } catch {
            result.writeError = error as? OutputSinkError ?? .failed("\(error)")
        }
        // A failure leaves the previous output as it was.
        sink?.abandon()
        result.timings.append(("render+write", StageLog.seconds(ContinuousClock.now - start)))
        return result
    }

    /// What the search index's thread hands back: its shards and manifest (the records went
    /// out as made), its part of the next build's state, and its own time.
    private struct SearchBuilt: Sendable {
        let files: [OutputFile]
        let statePart: [UInt8]?
        let seconds: Double
    }

    /// The search index, built on other threads while the pages render: no page shows it,
    /// and built first it was a fifth of a cold build (53 of 240 ms on the corpus, 5 s at 100x)
    /// with a core idle half of that time. Each page's record is written as it is made; the
    /// shards once the index is done (`writeSearchFiles`). The writer makes their folders.
    /// - Parameter plan: the plan the renderer writes by: a page's own file named like a
    ///   record (front matter `url`) keeps its place.
    private static func searchIndexBeside(site: Site, contents: [RenderedPage?], plan: OutputPlan, keepingState: Bool,
                                          write: @escaping @Sendable (OutputFile) -> Void) -> Background<SearchBuilt> {
        let twins = site.config.relativeURLs
        return Background {
            let began = ContinuousClock.now
            let index = SearchIndex.build(site: site, contents: contents, keepRecords: false, keepPostings: keepingState) { record in
                guard plan.producer(of: record.path) == nil else { return }
                write(record)
                if twins, plan.producer(of: RelativeURLs.scriptTwinPath(of: record.path)) == nil {
                    write(RelativeURLs.scriptTwin(of: record))
                }
            }
            let seconds = StageLog.seconds(ContinuousClock.now - began)
            // The index's part of the state, while the pages still render.
            guard keepingState, let state = index.state else { return SearchBuilt(files: index.files, statePart: nil, seconds: seconds) }
            var part = ByteWriter()
            state.save(into: &part)
            return SearchBuilt(files: index.files, statePart: part.bytes, seconds: seconds)
        }
    }

    /// The search index's files that no other source took, and with relativeURLs their
    /// `<script>` twins (the renderer makes the other files' twins; it never sees these).
    /// - Parameter rendered: the plan the renderer wrote by. A file it gave to something else
    ///   (a theme asset named like a search file) was written already and stays.
    private static func writeSearchFiles(_ files: [OutputFile], renderer: SiteRenderer, rendered: OutputPlan,
                                         to output: any OutputSink) throws(OutputSinkError) {
        let plan = renderer.plan(searchFiles: files.map(\.path))
        func free(_ path: String, for producer: OutputPlan.Producer) -> Bool {
            plan.producer(of: path) == producer && (rendered.producer(of: path) ?? producer) == producer
        }
        var written: [OutputFile] = []
        for file in files where free(file.path, for: .searchIndex) {
            written.append(file)
            if file.path.hasSuffix(".json"), free(RelativeURLs.scriptTwinPath(of: file.path), for: .scriptTwin(of: file.path)) {
                written.append(RelativeURLs.scriptTwin(of: file))
            }
        }
        try output.writeAll(written)
    }
}
