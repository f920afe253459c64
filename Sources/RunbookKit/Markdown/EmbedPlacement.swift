import Foundation
import CCmark

/// Puts the HTML that shortcodes produced (a rule's block) where their placeholders stand.
/// Placeholders are HTML comments, so libcmark passes them through as raw HTML nodes.
enum EmbedPlacement {
    static func apply(to nodes: [CmarkNode], placeholders: [String: String]) {
        guard !placeholders.isEmpty else { return }
        let marker = Array(ExpandedBody.placeholderPrefix.utf8)
        for node in nodes where node.type == CMARK_NODE_HTML_BLOCK || node.type == CMARK_NODE_HTML_INLINE {
            // A literal without the placeholders' common prefix cannot be one: looked for in
            // place, which spares most HTML nodes Foundation's trim (~40,000 instructions a page).
            let mayBePlaceholder = node.withLiteralBytes { containsBytes(marker, in: $0) }
            guard mayBePlaceholder == true, let literal = node.literal else { continue }
            let trimmed = literal.trimmingWhitespaceAndNewlines()
            if let html = placeholders[trimmed] {
                node.literal = node.type == CMARK_NODE_HTML_BLOCK ? html + "\n" : html
            }
        }
    }
}
