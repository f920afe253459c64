/// Escapes text for HTML element content and double-quoted attribute values. Every value that
/// comes from a rule file or front matter goes through here exactly once.
public func escapeHTML(_ text: some StringProtocol) -> String {
    guard text.containsUTF8Byte(where: isHTMLSpecial) else { return String(text) }
    var bytes: [UInt8] = []
    bytes.reserveCapacity(text.utf8.count + 32)
    appendEscapedHTML(text, to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
}

/// `escapeHTML`, appending its UTF-8 bytes: the five characters are ASCII, so every other
/// byte is copied as it is.
func appendEscapedHTML(_ text: some StringProtocol, to out: inout [UInt8]) {
    if text.utf8.withContiguousStorageIfAvailable({ appendEscapedHTML(bytes: $0, to: &out) }) == nil {
        var copy = String(text)
        copy.withUTF8 { appendEscapedHTML(bytes: $0, to: &out) }
    }
}

func appendEscapedHTML(bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
    var start = 0
    for index in bytes.indices {
        let replacement: StaticString
        switch bytes[index] {
        case UInt8(ascii: "&"): replacement = "&amp;"
        case UInt8(ascii: "<"): replacement = "&lt;"
        case UInt8(ascii: ">"): replacement = "&gt;"
        case UInt8(ascii: "\""): replacement = "&quot;"
        case UInt8(ascii: "'"): replacement = "&#39;"
        default: continue
        }
        out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        out.append(contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
        start = index + 1
    }
    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
}

@inline(__always) func isHTMLSpecial(_ byte: UInt8) -> Bool {
    byte == UInt8(ascii: "&") || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "\"")
        || byte == UInt8(ascii: "'")
}

/// Escapes text for the inside of an XML document (sitemap).
func escapeXML(_ text: some StringProtocol) -> String { escapeHTML(text) }
