import Testing
@testable import RunbookKit
import RunbookTestSupport

/// A page of broken shortcode openers (found by bench/hostile.py: 200,000 `{{%` in a row once
/// took 23 GB, because every opener's message quoted the rest of the run, and minutes, because
/// every one got a diagnostic with its column worked out on a 600 KB line).
@Suite struct ShortcodeFloodTests {
    @Test func aRunOfOpenersIsOneShortMessageEachAndOnlyTheFirstHundred() {
        let body = String(repeating: "{{%", count: 300)
        let site = TestSite(files: ["content/flood.md": "---\ntitle: Flood\n---\n# Flood\n\n" + body + "\n"])
        let result = site.build()
        let syntax = result.diagnostics.filter { $0.code == .shortcodeSyntax }
        #expect(syntax.count == ShortcodeExpander.maxSyntaxReports + 1)
        #expect(syntax.first?.location?.line == 6)
        #expect(syntax.first?.location?.column == 1)
        #expect(syntax.allSatisfy { $0.message.count < 200 }, "a message quotes the run")
        #expect(syntax.last?.message.hasPrefix("more malformed shortcodes follow; only the first 100") == true)
    }

    @Test func aLongNameIsNotAShortcode() {
        let name = String(repeating: "x", count: ShortcodeScanner.maxNameLength + 1)
        let site = TestSite(files: ["content/long.md": "---\ntitle: Long\n---\n\n{{% \(name) %}}\n"])
        let result = site.build()
        let syntax = result.diagnostics.filter { $0.code == .shortcodeSyntax }
        #expect(syntax.map(\.message) == ["`{{%` is not followed by a shortcode name (a word of at most 64 characters)"])
        #expect(result.diagnostics.filter { $0.code == .shortcodeUnknown }.isEmpty)
    }
}
