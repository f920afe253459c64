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

        // Built first: the writer needs its file list. Its files are written before the pages
        // and let go, so a large site's index is not held while every page renders.
        var index = SearchIndex.build(site: site, contents: result.contents, keepRecords: false, keepPostings: state != nil)
        var search = index.files
        index.files = []  // else the tuple holds every search file while every page renders (180 MB at 100x)
        // The index's terms and postings stay for the state (its files are let go); the state
        // is made when the build is recorded.
        index.state?.dropFiles()
        let searchState = index.state
        let searched = ContinuousClock.now
        result.timings.append(("search", StageLog.seconds(searched - start)))
        renderer.searchWritten = search.map(\.path)
        let plan = renderer.plan(searchFiles: renderer.searchWritten)
        let searchOwned = Set(plan.entries.filter { $0.producer == .searchIndex }.map(\.path))
        // With relativeURLs, each search file's `<script>` twin too (the renderer makes the
        // other files' twins; it never sees these).
        let twinned = Set(plan.entries.compactMap { entry -> String? in
            if case .scriptTwin(let source) = entry.producer, searchOwned.contains(source) { return source }
            return nil
        })
        var sink: (any OutputSink)?
        do {
            let output = try open(plan.paths)
            sink = output
            let owned = search.filter { searchOwned.contains($0.path) }
            try output.writeAll(owned + owned.filter { twinned.contains($0.path) }.map(RelativeURLs.scriptTwin(of:)))
            search = []
            FreedMemory.release()
            let failure = FirstFailure()
            _ = renderer.render(emit: { file in
                do throws(OutputSinkError) { try output.write(file) } catch { failure.note(error.description) }
            })
            if let message = failure.message { throw OutputSinkError.failed(message) }
            try output.copy(result.staticFiles)
            let manifest = BuildManifest(inputs: result.inputsDigest, pageCount: result.pageCount,
                                         resolvedRuleCount: result.resolvedRuleCount, diagnostics: diagnostics, files: [:])
            result.writeReport = try finish(output, manifest: manifest, options: options) {
                if let state, let searchState {
                    var search = ByteWriter()
                    searchState.save(into: &search)
                    var rules = ByteWriter()
                    RuleFile.save(site.rules.sortedFiles, into: &rules)
                    saveState(BuildState(inputs: state.digest.value, rest: state.digest.rest, sources: state.sources,
                                         rules: rules.bytes[...], search: search.bytes[...]).serialized(), options: options)
                } else if let location = options.stateLocation {
                    BuildState.remove(cache: location.cache, destination: location.destination)
                }
            }
            sink = nil
        } catch {
            result.writeError = error as? OutputSinkError ?? .failed("\(error)")
        }
        // A failure leaves the previous output as it was.
        sink?.abandon()
        result.timings.append(("render+write", StageLog.seconds(ContinuousClock.now - searched)))
        return result
    }
}
