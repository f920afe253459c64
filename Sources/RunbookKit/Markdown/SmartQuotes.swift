import CCmark

/// Curly quotes, apostrophes and ellipses in prose, as Hugo's typographer prints them. Dashes
/// are left alone on purpose: runbooks are full of `--flag` and `---` written outside code
/// spans, and an en dash there breaks a command someone copies during an incident.
enum SmartQuotes {
    static func apply(to nodes: [CmarkNode]) {
        var previous: Character? = nil
        for node in nodes {
            switch node.type {
            case CMARK_NODE_TEXT:
                guard let text = node.literal else { continue }
                if text.contains("\"") || text.contains("'") || text.contains("...") {
                    node.literal = curl(text, after: previous)
                }
                previous = text.last ?? previous
            case CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                previous = node.literal?.last ?? previous
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                previous = " "
            default:
                if node.isBlock { previous = nil }
            }
        }
    }

    static func curl(_ text: String, after initial: Character?) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        let characters = Array(text)
        var previous = initial
        var index = 0
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            switch character {
            case "\"":
                result.append(opens(after: previous, before: next) ? "\u{201C}" : "\u{201D}")
            case "'":
                if let previous, previous.isLetter || previous.isNumber {
                    result.append("\u{2019}")  // apostrophe or closing quote
                } else {
                    result.append(opens(after: previous, before: next) ? "\u{2018}" : "\u{2019}")
                }
            case "." where index + 2 < characters.count && characters[index + 1] == "." && characters[index + 2] == ".":
                result.append("\u{2026}")
                index += 2
            default:
                result.append(character)
            }
            previous = characters[index]
            index += 1
        }
        return result
    }

    /// A quote opens after the start, a space or an opening bracket, unless a space follows it.
    private static func opens(after previous: Character?, before next: Character?) -> Bool {
        if let next, next.isWhitespace { return false }
        guard let previous else { return next != nil }
        return previous.isWhitespace || "([{-\u{2014}\u{2013}/".contains(previous)
    }
}
