/// Escapes text for HTML element content and double-quoted attribute values. Every value that
/// comes from a rule file or front matter goes through here exactly once.
public func escapeHTML(_ text: some StringProtocol) -> String {
    let utf8 = text.utf8
    guard text.containsUTF8Byte(where: isHTMLSpecial) else { return String(text) }
    // Over bytes: the five characters are ASCII, so every other byte is copied as it is and
    // the result is the same UTF-8 (appending scalar by scalar cost ~360 instructions each,
    // most of re-rendering the alert catalogue).
    var bytes: [UInt8] = []
    bytes.reserveCapacity(utf8.count + 32)
    for byte in utf8 {
        switch byte {
        case UInt8(ascii: "&"): bytes.append(contentsOf: "&amp;".utf8)
        case UInt8(ascii: "<"): bytes.append(contentsOf: "&lt;".utf8)
        case UInt8(ascii: ">"): bytes.append(contentsOf: "&gt;".utf8)
        case UInt8(ascii: "\""): bytes.append(contentsOf: "&quot;".utf8)
        case UInt8(ascii: "'"): bytes.append(contentsOf: "&#39;".utf8)
        default: bytes.append(byte)
        }
    }
    return String(decoding: bytes, as: UTF8.self)
}

@inline(__always) func isHTMLSpecial(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
        || byte == UInt8(ascii: "'")
}

/// Escapes text for the inside of an XML document (sitemap).
func escapeXML(_ text: some StringProtocol) -> String { escapeHTML(text) }
