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

            let escapedID = escapeHTML(id)
            let replacement = CmarkNode.inlineBlock(
                enter: "<h\(level) id=\"\(escapedID)\">",
                exit: " <a class=\"anchor\" href=\"#\(escapedID)\" aria-label=\"Link to this section\">#</a></h\(level)>")
            replacement.content.adoptChildren(of: node)
            node.insertBefore(replacement.block)
            node.remove()
        }
        return result
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
