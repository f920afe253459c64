import Testing
@testable import RunbookKit

@Suite struct ShortcodeScannerTests {
    private func shortcodes(_ text: String) -> [Shortcode] {
        ShortcodeScanner(Array(text.utf8)).scan().compactMap {
            if case .shortcode(let tag) = $0 { return tag }
            return nil
        }
    }

    @Test func quotedPositionalArguments() {
        let tags = shortcodes(#"{{% rule "haproxy/haproxy-exporter-v1.yml" "HaproxyDown" %}}"#)
        #expect(tags.count == 1)
        #expect(tags[0].name == "rule")
        #expect(tags[0].delimiter == .markdown)
        #expect(tags[0].positional == ["haproxy/haproxy-exporter-v1.yml", "HaproxyDown"])
    }

    @Test func bareNamedAndRawArguments() {
        let tags = shortcodes("{{< ref path=runbooks/a.md >}} {{< param `x y` >}} {{< rule file=\"a.yml\" alert=B />}}")
        #expect(tags.map(\.name) == ["ref", "param", "rule"])
        #expect(tags[0].named.map(\.key) == ["path"])
        #expect(tags[0].named.map(\.value) == ["runbooks/a.md"])
        #expect(tags[1].positional == ["x y"])
        #expect(tags[2].argument("alert", orPosition: 1) == "B")
        #expect(tags[2].isSelfClosing)
    }

    @Test func closingTag() {
        let tags = shortcodes("{{% comment %}}hidden{{% /comment %}}")
        #expect(tags.map(\.isClosing) == [false, true])
    }

    @Test func goTemplateTextIsNotAShortcode() {
        let pieces = ShortcodeScanner(Array("VALUE = {{ $value }} {{ $labels.instance }}".utf8)).scan()
        #expect(pieces == [.text(0..<43)])
    }

    @Test func escapedShortcodePrintsLiterally() {
        let pieces = ShortcodeScanner(Array(#"`{{%/* rule "a.yml" "B" */%}}`"#.utf8)).scan()
        #expect(pieces.count == 3)
        guard case .literal(let text, _) = pieces[1] else {
            Issue.record("expected a literal, got \(pieces[1])")
            return
        }
        #expect(text == #"{{% rule "a.yml" "B" %}}"#)
    }

    @Test func unterminatedQuoteIsMalformed() {
        let pieces = ShortcodeScanner(Array("{{% rule \"a.yml %}}\n".utf8)).scan()
        guard case .malformed(let message, let range) = pieces.first else {
            Issue.record("expected malformed, got \(pieces)")
            return
        }
        #expect(message.contains("unterminated"))
        #expect(range.lowerBound == 0)
    }

    @Test func missingCloserIsMalformed() {
        let pieces = ShortcodeScanner(Array("{{% rule a b\n\ntext".utf8)).scan()
        guard case .malformed(let message, _) = pieces.first else {
            Issue.record("expected malformed, got \(pieces)")
            return
        }
        #expect(message == "shortcode `rule` is not closed by `%}}`")
    }
}
