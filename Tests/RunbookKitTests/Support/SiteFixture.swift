import Foundation
@testable import RunbookKit

/// A whole site written to a temporary folder from one string, Hugo-test style:
///
///     -- config.yaml --
///     title: Test
///     -- content/a.md --
///     # A
///
/// Removed when the value is released.
final class SiteFixture {
    let root: String

    init(_ text: String, file: StaticString = #filePath) {
        root = NSTemporaryDirectory() + "runbook-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, contents) in Self.files(in: text) { write(path, contents) }
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// `-- path --` headers split the text into files.
    static func files(in text: String) -> [(String, String)] {
        var result: [(String, String)] = []
        var current: String?
        var lines: [Substring] = []
        func flush() {
            if let path = current { result.append((path, lines.joined(separator: "\n") + (lines.isEmpty ? "" : "\n"))) }
        }
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- "), line.hasSuffix(" --"), line.count > 6 {
                flush()
                current = String(line.dropFirst(3).dropLast(3))
                lines = []
            } else if current != nil {
                lines.append(line)
            }
        }
        flush()
        return result.map { path, contents in
            // Trailing blank lines of a block belong to the separator, not the file.
            var text = contents
            while text.hasSuffix("\n\n") { text.removeLast() }
            return (path, text == "\n" ? "" : text)
        }
    }

    func write(_ path: String, _ contents: String) {
        let full = root + "/" + path
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: full, contents: Data(contents.utf8))
    }

    func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: root + "/" + path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Runs the pipeline (nothing written).
    func build(_ configure: (inout BuildOptions) -> Void = { _ in }) -> BuildResult {
        let (config, _) = ConfigLoader.load(sourceDirectory: root)
        var options = BuildOptions(sourceDirectory: root)
        configure(&options)
        return BuildPipeline.run(config: config, options: options)
    }
}

extension BuildResult {
    /// An output file's text.
    func file(_ path: String) -> String? {
        outputs.first { $0.path == path }.map { String(decoding: $0.bytes, as: UTF8.self) }
    }

    /// The `<article>`… part of a page: the rendered Markdown, without the theme around it.
    func content(ofPage url: String) -> String? {
        guard let index = site.pageIndex(atURL: url) else { return nil }
        return contents[index]?.markdown.html
    }

    /// Diagnostics as printed, one per line.
    var report: [String] { diagnostics.map(\.description) }
}

/// The corpus checked into ../shared, or nil (with a printed note) where it is absent.
enum Corpus {
    static let path: String = {
        let here = URL(fileURLWithPath: #filePath)
        let package = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return package.deletingLastPathComponent().appendingPathComponent("shared/corpus/srerun").path
    }()

    static var isAvailable: Bool {
        let exists = FileManager.default.fileExists(atPath: path + "/content")
        if !exists { print("note: corpus not found at \(path); skipping the corpus tests") }
        return exists
    }
}
