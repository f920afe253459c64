import Foundation
import Testing
import Yams
@testable import RunbookKit
import RunbookTestSupport

/// The fast front matter reader must agree with Yams wherever it answers.
@Suite struct SimpleYAMLTests {
    static func viaYams(_ text: String) -> [(String, DataValue, Int)]? {
        guard let node = try? Yams.compose(yaml: text, Resolver.basic), case .mapping(let mapping) = node else { return nil }
        return mapping.map { ($0.key.string ?? "", DataValue(yaml: $0.value), $0.key.mark?.line ?? 0) }
    }

    static func agree(_ text: String) -> Bool {
        guard let fast = SimpleYAML.parse(Substring(text)) else { return true }  // declined: Yams reads it
        guard let slow = viaYams(text) else { return false }
        return fast.map(\.key) == slow.map(\.0) && fast.map(\.value) == slow.map(\.1) && fast.map(\.line) == slow.map(\.2)
    }

    @Test(arguments: [
        "title: A\ndescription: Troubleshooting for alert A\n#published: true\ndate: 2023-12-12T21:12:32.022Z\ntags: \n  - LGTM\n  - generated\neditor: markdown\n",
        "title: x\nweight: 10\ndraft: false\nbookHidden: yes\n",
        "title: 100\nempty:\nafter: 1.5\n",
        "title: -5\nother: -x\n",
        "title: on\n",
    ])
    func agreesWithYams(text: String) {
        #expect(Self.agree(text), "\(text)")
        #expect(SimpleYAML.parse(Substring(text)) != nil, "should answer for \(text)")
    }

    @Test(arguments: [
        "title: \"quoted\"\n", "tags: [a, b]\n", "title: a: b\n", "title: a #comment\n", "desc: |\n  block\n",
        "nested:\n  key: value\n", "title: &anchor x\n", "title: x\ntitle: y\n", "a:\n- x\n",
    ])
    func declinesWhatItDoesNotKnow(text: String) {
        #expect(SimpleYAML.parse(Substring(text)) == nil || Self.agree(text), "\(text)")
    }

    /// Non-ASCII text takes the Character steps, ASCII the byte reader: both agree with Yams,
    /// also where a combining mark joins a space or colon into one Character.
    @Test(arguments: [
        "title: Café crème\ntags:\n  - é\n  - x\n", "title:\u{301} x\n", "title: \u{301}x\n", "tïtle: x\n",
        "tags:\n  - a\n  -\u{301} b\n", "title: x \u{301}\n", "title: x\t\ndate: 2024-01-02\n", "a: 1\n\n# c\nb: -2\n",
        "tags:\n - a\n  - b\n", "tags:\n\t- a\n",
    ])
    func bothStepsAgreeWithYams(text: String) {
        #expect(Self.agree(text), "\(text.debugDescription)")
    }

    @Test(.enabled(if: Corpus.isAvailable)) func agreesOnEveryCorpusPage() throws {
        let content = Corpus.path + "/content"
        let files = (FileManager.default.enumerator(atPath: content)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".md") }
        var answered = 0
        for file in files {
            let text = try String(contentsOfFile: content + "/" + file, encoding: .utf8)
            guard let block = try? FrontMatterBlock.split(text), let yaml = block.text else { continue }
            #expect(Self.agree(String(yaml)), "\(file)")
            if SimpleYAML.parse(yaml) != nil { answered += 1 }
        }
        #expect(answered > 1000)
    }
}
