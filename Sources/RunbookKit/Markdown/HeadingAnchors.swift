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

            let (enter, exit) = tags(level: level, id: id)
            let replacement = CmarkNode.inlineBlock(enter: enter, exit: exit)
            replacement.content.adoptChildren(of: node)
            node.insertBefore(replacement.block)
            node.remove()
        }
        return result
    }

    /// `<h2 id="…">` and ` <a class="anchor" href="#…" …>#</a></h2>`, each made in one buffer:
    /// interpolated, they were nine String appends a heading.
    private static func tags(level: Int, id: String) -> (enter: String, exit: String) {
        let digit = UInt8(ascii: "0") + UInt8(clamping: max(0, min(level, 9)))
        var escaped: [UInt8] = []
        appendEscapedHTML(id, to: &escaped)
        var enter: [UInt8] = []
        enter.reserveCapacity(escaped.count + 12)
        enter.append(contentsOf: "<h".utf8)
        enter.append(digit)
        enter.append(contentsOf: " id=\"".utf8)
        enter.append(contentsOf: escaped)
        enter.append(contentsOf: "\">".utf8)
        var exit: [UInt8] = []
        exit.reserveCapacity(escaped.count + 80)
        exit.append(contentsOf: " <a class=\"anchor\" href=\"#".utf8)
        exit.append(contentsOf: escaped)
        exit.append(contentsOf: "\" aria-label=\"Link to this section\">#</a></h".utf8)
        exit.append(digit)
        exit.append(UInt8(ascii: ">"))
        return (String(decoding: enter, as: UTF8.self), String(decoding: exit, as: UTF8.self))
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
