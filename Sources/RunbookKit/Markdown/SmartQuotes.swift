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
                // Read in place: most text nodes hold no quote, and making each a String cost more than curling.
                let curled = node.withLiteralBytes { bytes -> [UInt8]? in
                    defer { previous = lastScalar(bytes) ?? previous }
                    return curledIfChanged(bytes, after: previous)
                }
                if let curled = curled ?? nil { node.literal = String(decoding: curled, as: UTF8.self) }
            case CMARK_NODE_CODE, CMARK_NODE_HTML_INLINE:
                if let last = node.withLiteralBytes(lastScalar) ?? nil { previous = last }
            case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
                previous = " "
            default:
                if node.isBlock { previous = nil }
            }
        }
    }

    static func curl(_ text: String, after initial: Unicode.Scalar?) -> String {
        curledIfChanged(text, after: initial) ?? text
    }

    /// The curled text, nil when it has no quote and no `...` (most text nodes). Over UTF-8
    /// bytes: quotes and dots are ASCII, and only the scalars around a quote are decoded.
    static func curledIfChanged(_ text: String, after initial: Unicode.Scalar?) -> String? {
        var text = text
        return text.withUTF8 { curledIfChanged($0, after: initial) }.map { String(decoding: $0, as: UTF8.self) }
    }

    /// The last scalar of valid UTF-8, nil when empty.
    private static func lastScalar(_ bytes: UnsafeBufferPointer<UInt8>) -> Unicode.Scalar? {
        guard var start = bytes.indices.last else { return nil }
        while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
        return decode(bytes, at: start)
    }

    /// `curledIfChanged` over UTF-8 bytes.
    private static func curledIfChanged(_ bytes: UnsafeBufferPointer<UInt8>, after initial: Unicode.Scalar?) -> [UInt8]? {
        do {
            let count = bytes.count
            func isEllipsis(_ index: Int) -> Bool {
                bytes[index] == UInt8(ascii: ".") && index + 2 < count
                    && bytes[index + 1] == UInt8(ascii: ".") && bytes[index + 2] == UInt8(ascii: ".")
            }
            var index = 0
            while index < count {
                // Eight bytes a step while they hold no quote and no dot (37,000 text nodes a corpus).
                if index + 8 <= count {
                    let word = WordScan.word(bytes, at: index)
                    if !WordScan.hasByte(UInt8(ascii: "\""), in: word) && !WordScan.hasByte(UInt8(ascii: "'"), in: word)
                        && !WordScan.hasByte(UInt8(ascii: "."), in: word) {
                        index += 8
                        continue
                    }
                }
                if bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "'") || isEllipsis(index) { break }
                index += 1
            }
            guard index < count else { return nil }
            // The scalar before `position` (the text's own, or the node's before it) and at it.
            func scalar(before position: Int) -> Unicode.Scalar? {
                guard position > 0 else { return initial }
                var start = position - 1
                while start > 0 && bytes[start] & 0xC0 == 0x80 { start -= 1 }
                return decode(bytes, at: start)
            }
            var out: [UInt8] = []
            out.reserveCapacity(count + 16)
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[0..<index]))
            while index < count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    let next = index + 1 < count ? decode(bytes, at: index + 1) : nil
                    out.append(contentsOf: opens(after: scalar(before: index), before: next) ? leftDouble : rightDouble)
                } else if byte == UInt8(ascii: "'") {
                    let previous = scalar(before: index)
                    if let previous, previous.properties.isAlphabetic || previous.properties.numericType != nil {
                        out.append(contentsOf: rightSingle)  // apostrophe or closing quote
                    } else {
                        let next = index + 1 < count ? decode(bytes, at: index + 1) : nil
                        out.append(contentsOf: opens(after: previous, before: next) ? leftSingle : rightSingle)
                    }
                } else if isEllipsis(index) {
                    out.append(contentsOf: ellipsis)
                    index += 2
                } else {
                    out.append(byte)
                }
                index += 1
            }
            return out
        }
    }

    private static let leftDouble = Array("\u{201C}".utf8), rightDouble = Array("\u{201D}".utf8)
    private static let leftSingle = Array("\u{2018}".utf8), rightSingle = Array("\u{2019}".utf8)
    private static let ellipsis = Array("\u{2026}".utf8)

    /// The scalar that starts at `index` of valid UTF-8.
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Unicode.Scalar {
        var iterator = UnsafeBufferPointer(rebasing: bytes[index...]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return "\u{FFFD}"
    }

    /// A quote opens after the start, a space or an opening bracket, unless a space follows it.
    private static func opens(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
        if let next, next.properties.isWhitespace { return false }
        guard let previous else { return next != nil }
        return previous.properties.isWhitespace || "([{-\u{2014}\u{2013}/".unicodeScalars.contains(previous)
    }
}
