import Foundation

/// Lint reading a finished build. Kept here, beside the pipeline, so that the lint stage (which
/// the pipeline runs) does not know the pipeline's result type: dependencies go one way.
extension LintContext {
    /// Builds the context from a finished, rendered build: the published files are its outputs
    /// and static files.
    public init(result: BuildResult) {
        var files = Set(result.outputs.map(\.path))
        for file in result.staticFiles { files.insert(file.outputPath) }
        self.init(site: result.site, contents: result.contents, publishedFiles: files)
    }
}

extension ExternalLinkCheck {
    /// Checks the external links of a finished build (rendered or not: telling the site's own
    /// links from external ones needs no published files).
    public func run(result: BuildResult, now: Double = Date().timeIntervalSince1970) async -> Report {
        await run(LintContext(site: result.site, contents: result.contents, publishedFiles: []), now: now)
    }
}
