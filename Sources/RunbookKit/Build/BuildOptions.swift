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

    public init(sourceDirectory: String) {
        self.sourceDirectory = sourceDirectory
    }
}
