/// toml++ (inside TOMLKit) asserts — aborting the whole run — on a few kinds of bad TOML that its
/// parser assumes a caller has ruled out, and no caller has:
/// - a table header whose key starts with neither a bare-key character nor a quote (`[é]`);
/// - a date followed by `T` and no digit (`date = 2023-12-12Tx:00`);
/// - `}` where an array value belongs (`q = [}`, `[1, }`).
/// This finds them first, so the reader reports them as the syntax errors they are. All were
/// found by `make fuzz` (targets front-matter and toml).
///
/// A header is a `[` that starts a line outside strings and outside a value's brackets, so the
/// scan follows TOML's strings (one- and three-quoted, basic and literal), comments, nested
/// arrays and inline tables, and knows where a value (not a key) may start.
enum TOMLPreflight {
    /// The 1-based line and column of the first such problem, with what to write instead.
    static func problem(in text: some StringProtocol) -> TOMLReader.Problem? {
        let bytes = Array(text.utf8)
        // toml++ skips a byte-order mark at the start; a header may follow it (fuzz finding).
        var index = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var line = 1
        var lineStart = index
        var open: [UInt8] = []     // the [ and { of values still open
        var atLineStart = true     // only blanks since the line began
        var previous: UInt8 = 0    // the last byte that was not blank or comment
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
            case UInt8(ascii: "0")...UInt8(ascii: "9") where startsValue(after: previous, inside: open.last):
                // A value starts here: a date-time's `T` must be followed by a digit.
                let end = endOfToken(bytes, from: index)
                if let offset = timeWithoutDigit(bytes, index..<end) {
                    return TOMLReader.Problem(
                        message: "a date-time needs the time right after `T` (`2024-01-31T09:30:00Z`)",
                        line: line, column: characterColumn(bytes, lineStart: lineStart, offset: offset))
                }
                index = end
            case UInt8(ascii: "[") where atLineStart && open.isEmpty:
                if let offset = badHeaderKey(bytes, from: index) {
                    return TOMLReader.Problem(
                        message: "a table header's key must start with a letter, digit, `_`, `-` or a quote; put the name in quotes (`[\"name\"]`)",
                        line: line, column: characterColumn(bytes, lineStart: lineStart, offset: offset))
                }
                // The header's own brackets are not a value's: skip to the line's end.
                while index < bytes.count, bytes[index] != UInt8(ascii: "\n"), bytes[index] != UInt8(ascii: "#") { index += 1 }
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                open.append(byte)
                index += 1
            case UInt8(ascii: "}") where startsValue(after: previous, inside: open.last) && previous != UInt8(ascii: "="):
                // `q = [}` or `[1, }`: toml++ asserts where an array value belongs (fuzz finding).
                return TOMLReader.Problem(message: "an array needs a value or `]` here, not `}`",
                                          line: line, column: characterColumn(bytes, lineStart: lineStart, offset: index))
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !open.isEmpty { open.removeLast() }
                index += 1
            default:
                index += 1
            }
            previous = byte
            atLineStart = false
        }
        return nil
    }

    /// After `=`, or after `[` or `,` inside an array (in an inline table they precede keys).
    private static func startsValue(after previous: UInt8, inside bracket: UInt8?) -> Bool {
        previous == UInt8(ascii: "=")
            || ((previous == UInt8(ascii: "[") || previous == UInt8(ascii: ",")) && bracket == UInt8(ascii: "["))
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
        // Not even a line break or `#`: toml++ asserts on those too (fuzz finding `[` + newline).
        let isAllowed = isBare || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") || byte == UInt8(ascii: "]")
        return isAllowed ? nil : index
    }

    /// The end of a bare value (number, date, boolean): the first blank, comma, bracket or `#`.
    private static func endOfToken(_ bytes: [UInt8], from start: Int) -> Int {
        var index = start
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: ","),
                 UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: "#"):
                return index
            default:
                index += 1
            }
        }
        return index
    }

    /// `YYYY-MM-DD` then `T`/`t` then anything but a digit: the offset after the `T`.
    private static func timeWithoutDigit(_ bytes: [UInt8], _ token: Range<Int>) -> Int? {
        func isDigit(_ offset: Int) -> Bool {
            offset < token.upperBound && bytes[offset] >= UInt8(ascii: "0") && bytes[offset] <= UInt8(ascii: "9")
        }
        let start = token.lowerBound
        guard token.count >= 11, (0..<4).allSatisfy({ isDigit(start + $0) }), bytes[start + 4] == UInt8(ascii: "-"),
              isDigit(start + 5), isDigit(start + 6), bytes[start + 7] == UInt8(ascii: "-"), isDigit(start + 8), isDigit(start + 9),
              bytes[start + 10] == UInt8(ascii: "T") || bytes[start + 10] == UInt8(ascii: "t") else { return nil }
        return isDigit(start + 11) ? nil : start + 11
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
        characterCount(bytes[lineStart..<offset]) + 1
    }
}
