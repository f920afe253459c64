import Foundation
import RunbookKit

extension TestSite {
    /// Runs the pipeline on the site (nothing written).
    public func build(_ configure: (inout BuildOptions) -> Void = { _ in }) -> BuildResult {
        let (config, _) = ConfigLoader.load(sourceDirectory: root)
        var options = BuildOptions(sourceDirectory: root)
        configure(&options)
        return BuildPipeline.run(config: config, options: options)
    }
}

extension BuildResult {
    /// An output file's text.
    public func file(_ path: String) -> String? {
        outputs.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The rendered Markdown of the page at a URL, without the theme around it.
    public func content(ofPage url: String) -> String? {
        guard let index = site.pageIndex(atURL: url) else { return nil }
        return contents[index]?.markdown.html
    }

    /// Diagnostics as printed, one per line.
    public var report: [String] { diagnostics.map(\.description) }
}
