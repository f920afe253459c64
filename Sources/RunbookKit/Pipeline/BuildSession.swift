import Foundation

/// A site kept built in memory between changes, for `serve`: the first `build()` runs the whole
/// pipeline; `rebuild(changed:)` runs it again for the files that changed and reports which
/// output files and page URLs differ from before, so the server can swap them in and tell
/// the browsers which pages to reload.
///
/// After a failed run `files` stays the last good site, so a broken edit never replaces a
/// working page. Until the first good run there is nothing good to keep, so `files` is then
/// what the failed run rendered (pages with an unresolved shortcode render without it):
/// `serve` shows that with the errors on top instead of an empty site.
public final class BuildSession: @unchecked Sendable {
    public struct Update: Sendable {
        /// The whole site as it stands after this update: output path → file. After a failed
        /// run, the last good site (or, before any good run, what the failed run rendered).
        public let files: [String: OutputFile]
        /// Output paths added, changed or removed by this update.
        public let changedPaths: [String]
        /// Public URLs of the pages among `changedPaths` (`/runbooks/x/y/`).
        public let changedURLs: [String]
        public let diagnostics: [Diagnostic]
        /// Whether the build has errors; the server then keeps serving the last good files.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
        public let result: BuildResult
    }

    public let options: BuildOptions
    private let lock = NSLock()
    private var config: SiteConfig
    private var files: [String: OutputFile] = [:]
    /// The files of the run that last set `files`, in the order the pipeline produced them.
    private var lastProduced: [OutputFile] = []
    private var hasGoodBuild = false
    /// Lets a rebuild redo only what the changed files affect.
    private var cache = BuildCache()

    public init(config: SiteConfig, options: BuildOptions) {
        self.config = config
        self.options = options
    }

    /// A full build.
    public func build() -> Update {
        lock.withLock { runLocked(reloadConfig: false, changed: nil) }
    }

    /// Rebuilds after the given files changed (paths relative to the source folder).
    public func rebuild(changed: Set<String>) -> Update {
        lock.withLock {
            let configChanged = changed.contains { ConfigLoader.fileNames.contains($0) }
            return runLocked(reloadConfig: configChanged, changed: changed)
        }
    }

    private func runLocked(reloadConfig: Bool, changed: Set<String>?) -> Update {
        var configProblems: [Diagnostic] = []
        if reloadConfig {
            let (newConfig, problems) = ConfigLoader.load(sourceDirectory: options.sourceDirectory)
            configProblems = problems
            if !problems.contains(where: { $0.severity == .error }) { config = newConfig }
        }
        if reloadConfig { cache = BuildCache() }  // every page depends on the configuration
        let result = BuildPipeline.run(config: config, options: options, cache: cache, changed: reloadConfig ? nil : changed)
        var diagnostics = configProblems + result.diagnostics
        var produced = result.outputs
        produced.reserveCapacity(result.outputs.count + result.staticFiles.count)
        for file in result.staticFiles {
            if let bytes = try? FileSystem.readBytes(file.absolutePath) {
                produced.append(OutputFile(path: file.outputPath, bytes: bytes))
            } else {
                diagnostics.append(Diagnostic(.fileUnreadable, "cannot read \(file.absolutePath)", at: nil))
            }
        }
        let failed = diagnostics.contains { $0.severity == .error }
        var changed: [String] = []
        if !failed || !hasGoodBuild {
            changed = takeFiles(produced)
            if !failed { hasGoodBuild = true }
        }
        let base = result.config.basePath
        let urls = changed.filter { $0.hasSuffix("index.html") }.map { path in
            base + String(path.dropLast("index.html".count))
        }
        return Update(files: files, changedPaths: changed, changedURLs: urls, diagnostics: diagnostics, result: result)
    }

    /// Makes `produced` the site and returns the paths that differ, sorted. A rebuild nearly
    /// always produces the same paths in the same order as the last one: then only the files
    /// whose bytes differ are looked up, not every path hashed into a new table.
    private func takeFiles(_ produced: [OutputFile]) -> [String] {
        var changed: [String] = []
        // `files` holding one entry per file also rules out a path produced twice (the plan gives each path one source).
        if produced.count == lastProduced.count, files.count == produced.count,
           zip(produced, lastProduced).allSatisfy({ $0.path == $1.path }) {
            for (new, old) in zip(produced, lastProduced) where new.bytes != old.bytes {
                files[new.path] = new
                changed.append(new.path)
            }
        } else {
            var next: [String: OutputFile] = [:]
            next.reserveCapacity(produced.count)
            for file in produced { next[file.path] = file }
            for (path, file) in next where files[path] != file { changed.append(path) }
            for path in files.keys where next[path] == nil { changed.append(path) }
            files = next
        }
        lastProduced = produced
        return changed.sorted()
    }
}
