import Testing
@testable import RunbookKit

/// The Markdown a page's shortcodes leave, with the file line of every Markdown line.
@Suite struct MarkdownSourceBuilderTests {
    @Test func textAndLineOriginsFollowThePieces() {
        var builder = MarkdownSourceBuilder(firstLine: 5, expectedBytes: 8, expectedLines: 2)
        #expect(builder.isAtLineStart)
        builder.appendOriginal("a\nb", startingAt: 5)
        #expect(!builder.isAtLineStart)
        builder.appendGenerated("<div>\n\n", at: 6)
        #expect(builder.isAtLineStart)
        let original: [UInt8] = Array("é\nc\n".utf8)
        original.withUnsafeBufferPointer { builder.appendOriginal($0, startingAt: 7) }
        #expect(builder.text == "a\nb<div>\n\né\nc\n")
        // A line's origin is set where the line starts: line 2 on file line 6; lines 3 and 4
        // start after the generated line ends (the tag's line, 6); lines 5 and 6 after the
        // page's own `é` and `c` lines (7 and 8), so on 8 and 9.
        #expect(builder.lineOrigins == [5, 6, 6, 6, 8, 9])
    }

    /// As `String.hasSuffix("\n")` decided it: `\r\n` is one Character, not a line end.
    @Test func aCarriageReturnLineEndIsNotALineStart() {
        var builder = MarkdownSourceBuilder(firstLine: 1)
        builder.appendGenerated("value\r\n", at: 1)
        #expect(!builder.isAtLineStart)
        #expect(builder.text.hasSuffix("\n") == builder.isAtLineStart)
        builder.appendGenerated("\n", at: 1)
        #expect(builder.isAtLineStart)
    }
}
