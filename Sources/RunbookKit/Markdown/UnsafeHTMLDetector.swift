import Foundation
import CCmark

/// Finds raw HTML that runs code in the reader's browser: `<script>`, `on…=` handlers inside
/// tags, and `javascript:` URLs (in HTML or in Markdown links).
enum UnsafeHTMLDetector {
    static func findings(in nodes: [CmarkNode], fileLine: (Int) -> Int) -> [(line: Int, what: String)] {
        var result: [(Int, String)] = []
        for node in nodes {
            switch node.type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                guard let literal = node.literal, let problem = problem(inHTML: literal) else { continue }
                result.append((fileLine(lineOf(node)), problem))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = node.url, url.trimmingCharacters(in: .whitespaces).lowercased().hasPrefix("javascript:") {
                    result.append((fileLine(lineOf(node)), "a `javascript:` link"))
                }
            default:
                continue
            }
        }
        return result
    }

    private static func lineOf(_ node: CmarkNode) -> Int {
        var current: CmarkNode? = node
        while let candidate = current, candidate.startLine == 0 { current = candidate.parent }
        return current?.startLine ?? 1
    }

    static func problem(inHTML html: String) -> String? {
        let lowered = html.lowercased()
        if lowered.contains("<script") { return "a `<script>` element" }
        if lowered.contains("javascript:") { return "a `javascript:` URL" }
        // `on…=` attributes: inside a tag, after white space.
        let scalars = Array(lowered.unicodeScalars)
        var inTag = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<" { inTag = true }
            else if scalar == ">" { inTag = false }
            else if inTag, scalar == " " || scalar == "\t" || scalar == "\n",
                    index + 3 < scalars.count, scalars[index + 1] == "o", scalars[index + 2] == "n" {
                var end = index + 3
                while end < scalars.count, scalars[end] >= "a", scalars[end] <= "z" { end += 1 }
                var afterName = end
                while afterName < scalars.count, scalars[afterName] == " " { afterName += 1 }
                if end > index + 3, afterName < scalars.count, scalars[afterName] == "=" {
                    let name = String(String.UnicodeScalarView(scalars[(index + 1)..<end]))
                    return "an `\(name)=` event handler"
                }
            }
            index += 1
        }
        return nil
    }
}
