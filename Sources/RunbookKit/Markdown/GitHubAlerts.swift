import CCmark

/// GitHub's alert blockquotes: a quote whose first line is `[!NOTE]`, `[!TIP]`, `[!IMPORTANT]`,
/// `[!WARNING]` or `[!CAUTION]` becomes a titled box (`<div class="markdown-alert
/// markdown-alert-note">`) as GitHub shows it; any other quote stays a quote.
enum GitHubAlerts {
    static let kinds: [String: String] = [
        "NOTE": "Note", "TIP": "Tip", "IMPORTANT": "Important", "WARNING": "Warning", "CAUTION": "Caution",
    ]

    /// - Returns: whether the tree's shape changed (a quote became a box).
    @discardableResult
    static func apply(to nodes: [CmarkNode]) -> Bool {
        var reshaped = false
        // (Quotes inside a quote move into its box, so no quote picked is freed before its turn.)
        for quote in nodes.picked(CMARK_NODE_BLOCK_QUOTE) {
            guard let paragraph = quote.firstChild, paragraph.type == CMARK_NODE_PARAGRAPH,
                  let marker = paragraph.firstChild, marker.type == CMARK_NODE_TEXT else { continue }
            // libcmark splits `[!NOTE]` into `[`, `!NOTE]` or keeps it whole, depending on version: join the leading texts.
            var texts: [CmarkNode] = []
            var joined = ""
            var cursor: CmarkNode? = marker
            while let node = cursor, node.type == CMARK_NODE_TEXT, let text = node.literal, joined.count < 16 {
                texts.append(node)
                joined += text
                cursor = node.next
            }
            let trimmed = joined.trimmingTrailingSpaces()
            guard trimmed.hasPrefix("[!"), trimmed.hasSuffix("]"),
                  let title = kinds[String(trimmed.dropFirst(2).dropLast()).uppercased()] else { continue }
            // The marker must be alone on its line: followed by a line break or nothing.
            guard cursor == nil || cursor?.type == CMARK_NODE_SOFTBREAK || cursor?.type == CMARK_NODE_LINEBREAK else { continue }
            reshaped = true
            let kind = title.lowercased()
            let box = CmarkNode.customBlock(
                enter: "<div class=\"markdown-alert markdown-alert-\(kind)\">\n<p class=\"markdown-alert-title\">\(title)</p>",
                exit: "</div>")
            for text in texts { text.remove() }
            if let breakNode = paragraph.firstChild, breakNode.type == CMARK_NODE_SOFTBREAK || breakNode.type == CMARK_NODE_LINEBREAK {
                breakNode.remove()
            }
            if paragraph.firstChild == nil { paragraph.remove() }
            box.adoptChildren(of: quote)
            quote.insertBefore(box)
            quote.remove()
        }
        return reshaped
    }
}

private extension String {
    func trimmingTrailingSpaces() -> String {
        var result = self
        while let last = result.last, last == " " || last == "\t" { result.removeLast() }
        return result
    }
}
