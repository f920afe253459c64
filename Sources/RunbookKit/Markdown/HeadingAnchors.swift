import Foundation
import CCmark

/// Gives every heading an id (Hugo's slugs, `{#custom}` honoured) and a `#` link to itself,
/// and notes repeated headings and paragraphs that a `---` line turned into headings.
enum HeadingAnchors {
    struct Result {
        var headings: [RenderedMarkdown.Heading] = []
        /// Setext `---` headings and repeats, by file line.
        var setextLines: [(line: Int, text: String)] = []
        var repeats: [(line: Int, text: String, id: String)] = []
    }

    static func apply(to nodes: [CmarkNode], fileLine: (Int) -> Int) -> Result {
        var result = Result()
        var allocator = HeadingSlug.Allocator()
        for node in nodes where node.type == CMARK_NODE_HEADING {
            let level = node.headingLevel
            let customID = takeCustomID(from: node)
            let text = node.plainText.trimmingHorizontalWhitespace()
            let (id, isRepeat) = allocator.allocate(customID ?? HeadingSlug.slug(text))
            let line = fileLine(node.startLine)
            if isRepeat && customID == nil { result.repeats.append((line, text, id)) }
            // A setext heading spans its text line(s) and the underline; ATX headings one line.
            if level == 2, node.endLine > node.startLine { result.setextLines.append((line, text)) }
            result.headings.append(RenderedMarkdown.Heading(level: level, text: text, id: id, line: line))

            let (tagBytes, exitStart) = tags(level: level, id: id)
            let replacement = CmarkNode.inlineBlock(tags: tagBytes, exitStart: exitStart)
            replacement.content.adoptChildren(of: node)
            node.insertBefore(replacement.block)
            node.remove()
        }
        return result
    }

    /// `<h2 id="…">` and ` <a class="anchor" href="#…" …>#</a></h2>`, each ended by a NUL, in
    /// one buffer that libcmark copies them from, with where the second starts: made as two
    /// Strings, they were nine String appends a heading, then a C-string copy of each.
    private static func tags(level: Int, id: String) -> (bytes: [UInt8], exitStart: Int) {
        let digit = UInt8(ascii: "0") + UInt8(clamping: max(0, min(level, 9)))
        var escaped: [UInt8] = []
        appendEscapedHTML(id, to: &escaped)
        var tags: [UInt8] = []
        tags.reserveCapacity(escaped.count * 2 + 96)
        tags.append(literal: "<h")
        tags.append(digit)
        tags.append(literal: " id=\"")
        tags.append(contentsOf: escaped)
        tags.append(literal: "\">")
        tags.append(0)
        let exitStart = tags.count
        tags.append(literal: " <a class=\"anchor\" href=\"#")
        tags.append(contentsOf: escaped)
        tags.append(literal: "\" aria-label=\"Link to this section\">#</a></h")
        tags.append(digit)
        tags.append(UInt8(ascii: ">"))
        tags.append(0)
        return (tags, exitStart)
    }

    /// `## Title {#my-id}`: removes the attribute from the text and returns the id.
    private static func takeCustomID(from heading: CmarkNode) -> String? {
        guard let last = heading.lastChild, last.type == CMARK_NODE_TEXT, let literal = last.literal,
              literal.hasSuffix("}"), let open = literal.range(of: "{#", options: .backwards) else { return nil }
        let id = String(literal[open.upperBound..<literal.index(before: literal.endIndex)])
        guard !id.isEmpty, !id.contains(" ") else { return nil }
        var remaining = String(literal[..<open.lowerBound])
        while remaining.hasSuffix(" ") { remaining.removeLast() }
        last.literal = remaining
        return id
    }
}
