import Foundation

/// Files written to a fresh temporary folder for one test and removed when the value is
/// released (or by `remove()`). Give the files as a dictionary, or Hugo-test style as one
/// string in which `-- path --` lines start each file:
///
///     let site = TestSite("""
///         -- config.yaml --
///         title: Test
///         -- content/a.md --
///         # A
///         """)
///
/// In the string form a file's text is its lines up to the next header, each ending in a
/// newline, trailing blank lines dropped; a header followed directly by another gives an
/// empty file. Line numbers in a file are therefore easy to count in the test.
public final class TestSite: @unchecked Sendable {
    /// Absolute path of the folder.
    public let root: String

    public init(files: [String: String]) {
        root = Self.newFolder()
        for (path, contents) in files.sorted(by: { $0.key < $1.key }) { write(path, contents) }
    }

    public convenience init(_ text: String) {
        self.init(files: Self.files(in: text))
    }

    /// A copy of a folder: the corpus is read-only, tests edit their copy.
    public init(copyOf folder: String) {
        root = Self.newFolder()
        try? FileManager.default.removeItem(atPath: root)
        do {
            try FileManager.default.copyItem(atPath: folder, toPath: root)
        } catch {
            note("cannot copy \(folder): \(error)")
        }
    }

    deinit { remove() }

    private static func newFolder() -> String {
        let root = NSTemporaryDirectory().appending("runbook-test-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        return root
    }

    /// Absolute path of a file or folder in the site.
    public func path(_ relative: String) -> String { relative.isEmpty ? root : root + "/" + relative }

    /// Writes (or replaces) a file, creating its folders.
    public func write(_ relative: String, _ contents: String) {
        let full = path(relative)
        try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        if !FileManager.default.createFile(atPath: full, contents: Data(contents.utf8)) { note("cannot write \(full)") }
    }

    /// Adds text to the end of a file, as an editor's save of a longer file would.
    public func append(_ relative: String, _ text: String) {
        do {
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
            defer { try? handle.close() }
            try handle.seekToEnd()
            try handle.write(contentsOf: Data(text.utf8))
        } catch {
            note("cannot append to \(relative): \(error)")
        }
    }

    public func read(_ relative: String) -> String? {
        FileManager.default.contents(atPath: path(relative)).map { String(decoding: $0, as: UTF8.self) }
    }

    public func exists(_ relative: String) -> Bool { FileManager.default.fileExists(atPath: path(relative)) }

    /// Removes a file or folder of the site; with no argument, the whole site.
    public func remove(_ relative: String = "") {
        try? FileManager.default.removeItem(atPath: path(relative))
    }

    /// Splits `-- path --` text into files.
    public static func files(in text: String) -> [String: String] {
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

/// A failure of the fixture itself; the test's own expectations then fail and say what.
private func note(_ message: String) {
    FileHandle.standardError.write(Data("TestSite: \(message)\n".utf8))
}
