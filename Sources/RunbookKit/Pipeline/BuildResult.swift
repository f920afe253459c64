/// What one run of the pipeline produced: the site, the files to write, and every diagnostic
/// (severities already set by the policy, in report order).
public struct BuildResult: Sendable {
    public let config: SiteConfig
    public let site: Site
    public let contents: [RenderedPage?]
    public let outputs: [OutputFile]
    public let staticFiles: [StaticFile]
    public let diagnostics: [Diagnostic]
    /// Source pages built (content files, not the sections made for folders).
    public let pageCount: Int
    /// `rule` shortcodes that found their rule.
    public let resolvedRuleCount: Int
    /// Seconds per stage, in order, for `--timings`.
    public internal(set) var timings: [(stage: String, seconds: Double)]
    /// Digest of every input, for the destination's manifest.
    public var inputsDigest: UInt64 = 0
    /// The inputs equal those of `BuildOptions.previousBuild`: nothing was parsed or rendered,
    /// `outputs` is empty and the diagnostics are that build's.
    public var unchanged = false
    /// Set when the run redid only a few edited pages from the last build's state
    /// (`BuildPipeline+Patch.swift`): how many pages' bodies it rendered.
    public var patchedPages: Int?
    /// With `BuildOptions.openDestination`: what was written, or why writing failed.
    public var writeReport: SiteWriter.Report?
    public var writeError: SiteWriter.Refusal?

    public var errorCount: Int { diagnostics.filter { $0.severity == .error }.count }
    public var warningCount: Int { diagnostics.filter { $0.severity == .warning }.count }

    /// Whether the run fails: errors, or warnings when `strict`.
    public func fails(strict: Bool) -> Bool { errorCount > 0 || (strict && warningCount > 0) }
}
