import CCmark

/// Curly quotes, apostrophes and ellipses in prose, as Hugo's typographer prints them. Dashes
/// are left alone on purpose: runbooks are full of `--flag` and `---` written outside code
/// spans, and an en dash there breaks a command someone copies during an incident.
enum SmartQuotes {
    static func apply(to nodes: [CmarkNode]) {
        var previous: Unicode.Scalar? = nil
        for node in nodes {
            switch node.type {
            case CMARK_NODE_TEXT:
                guard let text = node.literal else { continue }
                let curled = curl(text, after: previous)
                if curled != text { node.literal = curled }
                previous = text.unicodeScalars.last ?? previous
            case CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                previous = node.literal?.unicodeScalars.last ?? previous
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                previous = " "
            default:
                if node.isBlock { previous = nil }
            }
        }
    }

    static func curl(_ text: String, after initial: Unicode.Scalar?) -> String {
        if !text.containsASCII("\"") && !text.containsASCII("'") && !text.containsASCII("...") { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var previous = initial
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "\"":
                result.append(opens(after: previous, before: next) ? "\u{201C}" : "\u{201D}")
            case "'":
                if let previous, previous.properties.isAlphabetic || previous.properties.numericType != nil {
                    result.append("\u{2019}")  // apostrophe or closing quote
                } else {
                    result.append(opens(after: previous, before: next) ? "\u{2018}" : "\u{2019}")
                }
            case "." where index + 2 < scalars.count && scalars[index + 1] == "." && scalars[index + 2] == ".":
                result.append("\u{2026}")
                index += 2
            default:
                result.append(scalar)
            }
            previous = scalars[index]
            index += 1
        }
        return String(result)
    }

    /// A quote opens after the start, a space or an opening bracket, unless a space follows it.
    private static func opens(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        if let next, next.properties.isWhitespace { return false }
        guard let previous else { return next != nil }
        return previous.properties.isWhitespace || "([{-\u{2014}\u{2013}/".unicodeScalars.contains(previous)
    }
}
