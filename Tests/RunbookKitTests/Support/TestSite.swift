import Foundation

/// Files written to a fresh temporary folder for one test and removed when the value is
/// released. Give the files as a dictionary, or Hugo-test style as one string in which
/// `-- path --` lines start each file:
///
///     let site = TestSite("""
///         -- config.yaml --
///         title: Test
///         -- content/a.md --
///         # A
///         """)
///     let same = TestSite(files: ["config.yaml": "title: Test\n", "content/a.md": "# A\n"])
///
/// In the string form a file's text is its lines up to the next header, each ending in a
/// newline, trailing blank lines dropped; a header followed directly by another gives an
/// empty file. Line numbers in a file are therefore easy to count in the test.
final class TestSite: @unchecked Sendable {
    /// Absolute path of the folder.
    let root: String

    init(files: [String: String]) {
        root = NSTemporaryDirectory().appending("runbook-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { write(path, contents) }
    }

    convenience init(_ text: String) {
        self.init(files: Self.files(in: text))
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Absolute path of a file or folder in the site.
    func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    /// Writes (or replaces) a file, creating its folders.
    func write(_ relative: String, _ contents: String) {
        let full = path(relative)
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent,
                                                 withIntermediateDirectories: true)
        _ = FileManager.default.createFile(atPath: full, contents: Data(contents.utf8))
    }

    func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    func remove(_ relative: String) {
        try? FileManager.default.removeItem(atPath: path(relative))
    }

    func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Splits `-- path --` text into files.
    static func files(in text: String) -> [String: String] {
        var result: [String: String] = [:]
        var current: String?
        var lines: [Substring] = []
        func flush() {
            guard let path = current else { return }
            while let last = lines.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { lines.removeLast() }
            result[path] = lines.map { $0 + "\n" }.joined()
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
        return result
    }
}
