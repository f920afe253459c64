import Foundation
import CCmark

/// `markup.goldmark.renderer.unsafe: false` in config.yaml, honoured as Hugo's Goldmark does:
/// every raw HTML block or inline tag becomes `<!-- raw HTML omitted -->`, and a link or image
/// whose URL is dangerous (`javascript:`, `vbscript:`, `file:`, `data:` other than a raster
/// image) keeps its text but loses its URL. The HTML our own shortcodes produced (rule
/// blocks, whose placeholders are HTML comments) is not the author's raw HTML and stays.
enum RawHTMLOmission {
    static let comment = "<!-- raw HTML omitted -->"

    static func apply(to nodes: [CmarkNode], keeping placeholders: Set<String>) {
        for node in nodes {
            switch node.type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                let literal = node.literal ?? ""
                if placeholders.contains(literal.trimmingWhitespaceAndNewlines()) { continue }
                node.literal = node.type == CMARK_NODE_HTML_BLOCK ? comment + "\n" : comment
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = node.url, isDangerous(url) { node.url = "" }
            default:
                continue
            }
        }
    }

    /// Goldmark's `IsDangerousURL`, after dropping what browsers ignore in a URL.
    static func isDangerous(_ url: String) -> Bool {
        let lowered = String(String.UnicodeScalarView(url.unicodeScalars.filter { $0.value > 0x20 && $0.value != 0x7F }.prefix(40))).lowercased()
        if lowered.hasPrefix("data:image/png") || lowered.hasPrefix("data:image/gif") || lowered.hasPrefix("data:image/jpeg")
            || lowered.hasPrefix("data:image/webp") { return false }
        return ["javascript:", "vbscript:", "file:", "data:"].contains { lowered.hasPrefix($0) }
    }
}
