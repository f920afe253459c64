/// Escapes text for HTML element content and double-quoted attribute values. Every value that
/// comes from a rule file or front matter goes through here exactly once.
public func escapeHTML(_ text: some StringProtocol) -> String {
    var needsEscaping = false
    for byte in text.utf8 where byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
        needsEscaping = true
        break
    }
    guard needsEscaping else { return String(text) }
    var result = ""
    result.reserveCapacity(text.utf8.count + 16)
    for character in text.unicodeScalars {
        switch character {
        case "&": result += "&amp;"
        case "<": result += "&lt;"
        case ">": result += "&gt;"
        case "\"": result += "&quot;"
        case "'": result += "&#39;"
        default: result.unicodeScalars.append(character)
        }
    }
    return result
}

/// Escapes text for the inside of an XML document (sitemap).
func escapeXML(_ text: some StringProtocol) -> String { escapeHTML(text) }
