/// What a caller asks of one run of the pipeline.
public struct BuildOptions: Sendable {
    public var sourceDirectory: String
    /// Replaces config.yaml's baseURL (`--base-url`, and `serve`).
    public var baseURL: String?
    /// `--severity` settings, applied over config.yaml's.
    public var severity = SeverityPolicy()
    /// `--drafts`: publish pages with `draft: true` or `published: false`.
    public var includeDrafts = false
    /// Report the lint-only codes too (`runbook lint`).
    public var reportLintChecks = false
    /// Render pages through the templates. `lint` turns it off: its checks read the rendered
    /// Markdown, not the themed pages, and resolve links against the `OutputPlan` instead.
    public var renderTemplates = true
    /// Render the default templates with their compiled Swift (`DefaultTheme+Compiled.swift`);
    /// false renders every template with swift-mustache, which the tests compare it with.
    var compiledTheme = true

    /// `build`: opens the output (given every path the build will write) once the run is
    /// known to succeed, so pages are written as they are rendered instead of held in memory.
    public var openDestination: (@Sendable (Set<String>) throws -> any OutputSink)?
    /// With `openDestination`: saves the record of the build (its manifest, with the stamps of
    /// the files as published) before the output is published.
    public var recordBuild: (@Sendable (BuildManifest) throws -> Void)?
    /// With `openDestination`: warnings fail the run too, so nothing is written.
    public var strict = false

    /// The manifest of the destination's last build, when its files are intact: if the
    /// inputs are the same, the run stops after loading and reports that build again.
    public var previousBuild: BuildManifest?
    /// The same, found while the sources load: `build` reads and checks the record on another
    /// core (parsing it and stat-ing every file it names was a tenth of a one-page build).
    /// Asked once the sources are loaded, when `previousBuild` is nil.
    public var previousBuildLater: (@Sendable () -> BuildManifest?)?
    /// With `openDestination`: told once the build knows it will write (its inputs differ from
    /// the last build's), before it reads the pages: `build` then walks the destination on
    /// another core, for `openDestination`.
    public var willWrite: (@Sendable () -> Void)?
    /// With `openDestination`: where the build keeps its state for the next build of the same
    /// destination (`BuildState`, beside the record in the cache folder). With it, a build after
    /// an edit of a few pages' text redoes only those pages and the search index.
    public var stateLocation: (cache: String, destination: String)?
    /// With `openDestination` and no state kept (over `BuildState.maxPages` pages, or no
    /// `stateLocation`): pages whose bodies are rendered before their text is let go. Tests
    /// make it small, so that small sites take the sliced path.
    var markdownSlice = 8192
    /// Goes into the input digest: another version may build differently.
    public var toolVersion = RunbookVersion.description

    public init(sourceDirectory: String) {
        self.sourceDirectory = sourceDirectory
    }
}
