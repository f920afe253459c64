import Foundation
import RunbookTestSupport
import Testing
import Yams
@testable import RunbookKit

/// `BlockYAML` builds rule files' nodes without libyaml: whenever it answers, its nodes must
/// be Yams' nodes, marks and styles included (rule diagnostics and rule text cuts use them).
@Suite struct BlockYAMLTests {
    /// Yams' documents, as `BoundedYAML` composed them before the reader, or nil if Yams refuses the text.
    static func yamsDocuments(_ text: String) -> [Node]? {
        guard let parser = try? Parser(yaml: text, resolver: .basic, constructor: Constructor([:], [:], [:]), encoding: .utf8) else { return nil }
        var documents: [Node] = []
        do {
            while let root = try parser.nextRoot() { documents.append(root) }
        } catch {
            return nil
        }
        return documents
    }

    /// Where two trees first differ ("" when they do not).
    static func difference(_ fast: Node, _ yams: Node, at path: String = "") -> String? {
        func markText(_ mark: Mark?) -> String { mark.map { "\($0.line):\($0.column)" } ?? "none" }
        guard markText(fast.mark) == markText(yams.mark) else { return "\(path): mark \(markText(fast.mark)) vs \(markText(yams.mark))" }
        guard fast.tag.description == yams.tag.description else { return "\(path): tag" }
        switch (fast, yams) {
        case let (.scalar(a), .scalar(b)):
            guard a.string == b.string else { return "\(path): \(a.string.debugDescription) vs \(b.string.debugDescription)" }
            return a.style == b.style ? nil : "\(path): style \(a.style) vs \(b.style)"
        case let (.mapping(a), .mapping(b)):
            guard a.style == b.style, a.count == b.count else { return "\(path): mapping of \(a.count) (\(a.style)) vs \(b.count) (\(b.style))" }
            for (index, (left, right)) in zip(a, b).enumerated() {
                if let found = difference(left.key, right.key, at: "\(path)/key\(index)") { return found }
                if let found = difference(left.value, right.value, at: "\(path)/\(left.key.string ?? "?")") { return found }
            }
            return nil
        case let (.sequence(a), .sequence(b)):
            guard a.style == b.style, a.count == b.count else { return "\(path): list of \(a.count) (\(a.style)) vs \(b.count) (\(b.style))" }
            for (index, (left, right)) in zip(a, b).enumerated() {
                if let found = difference(left, right, at: "\(path)/\(index)") { return found }
            }
            return nil
        default:
            return "\(path): kinds differ"
        }
    }

    /// The reader's answer for a text: nil when it steps aside; otherwise Yams must agree.
    static func checkAgrees(_ text: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> Bool {
        guard let fast = BlockYAML.compose(text, maxDepth: 100) else { return false }
        guard let documents = yamsDocuments(text) else {
            Issue.record("the reader took a text Yams refuses:\n\(text)", sourceLocation: sourceLocation)
            return true
        }
        guard documents.count == 1 else {
            Issue.record("the reader took a text of \(documents.count) documents:\n\(text)", sourceLocation: sourceLocation)
            return true
        }
        if let found = difference(fast, documents[0]) {
            Issue.record("the reader differs from Yams at \(found):\n\(text)", sourceLocation: sourceLocation)
        }
        return true
    }

    static func ruleFiles(under folder: String) -> [String] {
        let enumerator = FileManager.default.enumerator(atPath: folder)
        var files: [String] = []
        while let path = enumerator?.nextObject() as? String {
            if path.hasSuffix(".yml") || path.hasSuffix(".yaml") { files.append(folder + "/" + path) }
        }
        return files.sorted()
    }

    @Test func marksAreMadeWithTheirLineAndColumn() throws {
        let maker = try #require(BlockYAML.MarkMaker())
        let mark = maker(line: 12, column: 34)
        #expect(mark.line == 12)
        #expect(mark.column == 34)
    }

    @Test(.enabled(if: Corpus.isAvailable, "the corpus is not in this checkout"))
    func everyCorpusRuleFileReadsAsYamsReadsIt() throws {
        let files = Self.ruleFiles(under: Corpus.path + "/rules")
        #expect(files.count >= 81)
        var needed: [String] = []
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            if !Self.checkAgrees(text) { needed.append(file) }
        }
        // Every corpus rule file is plain block YAML: none should need libyaml.
        #expect(needed.isEmpty, "needed Yams: \(needed)")
    }

    @Test func theExampleWikisRuleFilesReadAsYamsReadsThem() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let files = Self.ruleFiles(under: root.appendingPathComponent("rules").path)
        #expect(!files.isEmpty)
        for file in files {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            #expect(Self.checkAgrees(text), "\(file) needed Yams")
        }
    }

    @Test func theFormsRuleFilesUseAgreeWithYams() {
        let texts = [
            "groups:\n- name: a\n  rules:\n  - alert: A\n    expr: up == 0\n",
            "groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: sum(rate(x{job=\"a\"}[5m])) > 0\n",
            "groups:\n    - name: a\n      rules:\n        - alert: A\n          expr: up == 0\n          for: 5m\n          labels:\n            severity: critical\n",
            "a: |-\n  one\n\n  two\n    indented\n\nb: x\n",
            "a: |\n  one\n  two\n\n\nb: x\n",
            "a: |\n  one\n",
            "a: |-\n  one\n  # kept: text, not a comment\n# a comment\nb: 'it''s'\nc: \"plain {{ $value }}\"\n",
            "# comment\n\ngroups: # trailing\n  # between\n  - name: a\n    rules:\n    - record: r\n      expr: x\n",
            "key: value with spaces   \nother: 1\n",
            "- a\n- b\n-   c\n",
            "root:\n  deep:\n    deeper:\n      - x: 1\n        y: 2\n      - z\n",
            "a: ~\nb: null\nc: true\nd: 010\n",
            "  indented: root\n  second: 2\n",
            "a: é ü ∑ ⊕ 😀\nb: x\n",
            "a: |-\n  é\n  😀 ok\n",
            "a: \"x\\n  VALUE = {{ $value }}\\t\\\"q\\\" \\\\ \\/ \\0 \\e\"\n",
            "groups:\n- name: a\n  rules: []\n- name: b\n  labels: {}\n  rules:   []   \n",
        ]
        for text in texts { #expect(Self.checkAgrees(text), "stepped aside: \(text.debugDescription)") }
    }

    @Test func itStepsAsideFromWhatItDoesNotRead() {
        let texts = [
            "a: &x 1\nb: *x\n",  // anchors, aliases
            "a: [1, 2]\n",  // flow
            "a: {b: 1}\n",
            "a: >\n  folded\n",
            "a: |+\n  kept\n",
            "a: |2\n   explicit\n",
            "a:\tb\n",  // tab
            "a: b\r\nc: d\r\n",  // CR
            "---\na: 1\n---\nb: 2\n",  // documents
            "a: !tag x\n",
            "a: \"esc\\u00e9\"\n",  // escapes of more than ASCII
            "a: \"esc\\x41\"\n",
            "a: \"line\\\n  continued\"\n",
            "a: [ ]\n",
            "a: [x]\n",
            "a: 'two\n  lines'\n",  // multi-line quoted
            "a: plain\n  continued\n",  // multi-line plain
            "a: 1\na: 2\n",  // duplicate keys: Yams reports them
            "\"quoted key\": 1\n",
            "a:\n",  // null value
            "a: b: c\n",
            "a: |\n  no final break",
            "a: |\n\n  leading blank\n",
            "-\n  a: 1\n",
            "- - nested\n",
            "",
            "# only a comment\n",
            "a: x\u{2028}b: y\n",
            "\u{FEFF}a: 1\n",
        ]
        for text in texts { #expect(BlockYAML.compose(text, maxDepth: 100) == nil, "took \(text.debugDescription)") }
    }

    @Test func depthBeyondTheBudgetIsLeftToYams() {
        var text = ""
        for level in 0..<5 { text += String(repeating: "  ", count: level) + "k\(level):\n" }
        text += String(repeating: "  ", count: 5) + "leaf: 1\n"
        #expect(BlockYAML.compose(text, maxDepth: 6) != nil)
        #expect(BlockYAML.compose(text, maxDepth: 5) == nil)
    }

    static let mutationsPerFile = Int(ProcessInfo.processInfo.environment["BLOCK_YAML_MUTATIONS"] ?? "") ?? 60

    /// Mutations of real rule files: whatever the reader takes, Yams reads the same way.
    /// `BLOCK_YAML_MUTATIONS=2000` runs a longer search than CI's.
    @Test(.enabled(if: Corpus.isAvailable, "the corpus is not in this checkout"))
    func mutatedRuleFilesReadAsYamsReadsThemOrGoToYams() throws {
        let files = Self.ruleFiles(under: Corpus.path + "/rules")
        var generator = PatchedBuildRandomEditTests.Seeded(state: 0x5EED)  // the same mutations on every run
        let pieces: [[UInt8]] = [" ", "  ", ":", ": ", "-", "- ", "#", " #", "'", "''", "\"", "|", "|-", "|+", ">", "\n", "\n\n", "x", "é",
                                 "{", "[", "[]", "{}", "&a", "*a", "\\", "\\n", "\\u00e9", "\t", "---\n", "? "]
            .map { Array($0.utf8) }
        var taken = 0, tried = 0
        for file in files {
            let original = Array(try String(contentsOfFile: file, encoding: .utf8).utf8)
            for _ in 0..<Self.mutationsPerFile {
                var bytes = original
                for _ in 0..<Int(generator.next() % 3 + 1) {
                    let at = Int(generator.next() % UInt64(bytes.count + 1))
                    switch generator.next() % 4 {
                    case 0: bytes.insert(contentsOf: pieces[Int(generator.next() % UInt64(pieces.count))], at: at)
                    case 1: if at < bytes.count { bytes.remove(at: at) }
                    case 2:
                        // A line's indentation one more or one less.
                        let lineStart = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                        if generator.next() % 2 == 0 { bytes.insert(0x20, at: lineStart) } else if bytes.indices.contains(lineStart), bytes[lineStart] == 0x20 { bytes.remove(at: lineStart) }
                    default:
                        // A line repeated (duplicate keys, extra items).
                        let lineStart = bytes[..<at].lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
                        let lineEnd = bytes[at...].firstIndex(of: 0x0A).map { $0 + 1 } ?? bytes.count
                        bytes.insert(contentsOf: bytes[lineStart..<lineEnd], at: lineEnd)
                    }
                }
                guard let text = String(validating: bytes, as: UTF8.self) else { continue }
                tried += 1
                if Self.checkAgrees(text) { taken += 1 }
            }
        }
        // Most mutations still read as block YAML: the comparison covers the reader, not only its refusals.
        #expect(tried > 2000)
        #expect(taken > tried / 4)
    }
}
