/// toml++ (inside TOMLKit) asserts — aborting the whole run — when a table header's key starts
/// with a character that is neither a bare-key character nor a quote: `[é]`, `[[ %x]]`. Its
/// parser checks that for key/value lines but not for headers. This finds such a header first,
/// so the reader reports it as the syntax error it is. Found by `make fuzz` (front-matter).
///
/// A header is a `[` that starts a line outside strings and outside a value's brackets, so the
/// scan follows TOML's strings (`"…"`, `'…'`, `"""…"""`, `'''…'''`), comments and nested
/// arrays and inline tables.
enum TOMLHeaderCheck {
    /// The 1-based line and column of the first bad header key, with what to write instead.
    static func problem(in text: some StringProtocol) -> TOMLReader.Problem? {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        var lineStart = 0
        var depth = 0              // open [ and { of values
        var atLineStart = true     // only blanks since the line began
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\n"):
                line += 1
                lineStart = index + 1
                atLineStart = true
                index += 1
                continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                index += 1
                continue
            case UInt8(ascii: "#"):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
                continue
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                index = endOfString(bytes, from: index, line: &line, lineStart: &lineStart)
            case UInt8(ascii: "[") where atLineStart && depth == 0:
                if let column = badHeaderKey(bytes, from: index) {
                    return TOMLReader.Problem(
                        message: "a table header's key must start with a letter, digit, `_`, `-` or a quote; put the name in quotes (`[\"name\"]`)",
                        line: line, column: characterColumn(bytes, lineStart: lineStart, offset: column))
                }
                // The header's own brackets are not a value's: skip to the line's end.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "#") { index += 1 }
                atLineStart = false
                continue
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                index += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth = max(0, depth - 1)
                index += 1
            default:
                index += 1
            }
            atLineStart = false
        }
        return nil
    }

    /// Offset of the character after `[`/`[[` and blanks when it cannot start a key.
    private static func badHeaderKey(_ bytes: [UInt8], from start: Int) -> Int? {
        var index = start + 1
        func skipBlanks() { while index < bytes.count, bytes[index] == UInt8(ascii: " ") || bytes[index] == UInt8(ascii: "\t") { index += 1 } }
        skipBlanks()
        if index < bytes.count, bytes[index] == UInt8(ascii: "[") {
            index += 1
            skipBlanks()
        }
        guard index < bytes.count else { return nil }
        let byte = bytes[index]
        let isBare = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
        let isAllowed = isBare || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "]")
            || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r") || byte == UInt8(ascii: "#")
        return isAllowed ? nil : index
    }

    /// The offset after the string that opens at `start` (basic or literal, one- or three-quoted).
    private static func endOfString(_ bytes: [UInt8], from start: Int, line: inout Int, lineStart: inout Int) -> Int {
        let quote = bytes[start]
        let isTriple = start + 2 < bytes.count && bytes[start + 1] == quote && bytes[start + 2] == quote
        var index = start + (isTriple ? 3 : 1)
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                index += 2
                continue
            }
            if byte == UInt8(ascii: "\n") {
                if !isTriple { return index }  // an unclosed one-line string: toml++ reports it
                line += 1
                lineStart = index + 1
            }
            if byte == quote {
                if !isTriple { return index + 1 }
                if index + 2 < bytes.count, bytes[index + 1] == quote, bytes[index + 2] == quote {
                    // Up to two more quotes may close the string as its content (`""""`).
                    var end = index + 3
                    while end < bytes.count, end < index + 5, bytes[end] == quote { end += 1 }
                    return end
                }
            }
            index += 1
        }
        return index
    }

    /// 1-based column in characters (Unicode scalars) of `offset` on the line starting at `lineStart`.
    private static func characterColumn(_ bytes: [UInt8], lineStart: Int, offset: Int) -> Int {
        var column = 1
        for byte in bytes[lineStart..<offset] where byte & 0xC0 != 0x80 { column += 1 }
        return column
    }
}
