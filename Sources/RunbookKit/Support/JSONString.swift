/// A JSON string literal, with `<` escaped too so the text is safe inside HTML.
func jsonString(_ text: String) -> String {
    // Most texts need no escape at all: copy them whole.
    if !needsJSONEscape(text) { return "\"" + text + "\"" }
    var result: [UInt8] = []
    result.reserveCapacity(text.utf8.count + 16)
    appendJSONString(text, to: &result)
    return String(decoding: result, as: UTF8.self)
}

private func needsJSONEscape(_ text: String) -> Bool {
    text.containsUTF8Byte { byte in
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
    }
}

/// `jsonString`, appended as UTF-8 bytes: what builders of JSON bytes use (no String per value).
func appendJSONString(_ text: String, to result: inout [UInt8]) {
    var text = text
    text.withUTF8 { appendJSONString($0, to: &result) }
}

/// The JSON string of `bytes` (valid UTF-8), then `suffix` inside the same quotes (text that
/// needs no escape): what `appendJSONString` writes for `String(bytes) + suffix`.
func appendJSONString(_ bytes: UnsafeBufferPointer<UInt8>, then suffix: StaticString = "", to result: inout [UInt8]) {
    result.append(UInt8(ascii: "\""))
    // Over bytes: every character escaped is ASCII, and UTF-8 never repeats an ASCII byte
    // inside another character (the scalar walk this replaces cost ~40,000 instructions a
    // record). The runs between escapes are copied whole.
    var start = 0
    var index = 0
    while index < bytes.count {
        // Eight bytes a step past text with nothing to escape, the most of any text.
        if index + 8 <= bytes.count {
            let word = WordScan.word(bytes, at: index)
            if !WordScan.hasByte(below: 0x20, in: word) && !WordScan.hasByte(UInt8(ascii: "\""), in: word)
                && !WordScan.hasByte(UInt8(ascii: "\\"), in: word) && !WordScan.hasByte(UInt8(ascii: "<"), in: word) {
                index += 8
                continue
            }
        }
        let byte = bytes[index]
        index += 1
        guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<") else { continue }
        result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<(index - 1)]))
        start = index
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            result.append(UInt8(ascii: "\\"))
            result.append(byte)
        case UInt8(ascii: "\n"): result.append(literal: "\\n")
        case UInt8(ascii: "\r"): result.append(literal: "\\r")
        case UInt8(ascii: "\t"): result.append(literal: "\\t")
        case UInt8(ascii: "<"): result.append(literal: "\\u003c")  // safe to embed in HTML too
        default:
            let hexDigits: StaticString = "0123456789abcdef"
            result.append(literal: "\\u00")
            result.append(hexDigits.utf8Start[Int(byte >> 4)])
            result.append(hexDigits.utf8Start[Int(byte & 0xF)])
        }
    }
    result.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    result.append(contentsOf: UnsafeBufferPointer(start: suffix.utf8Start, count: suffix.utf8CodeUnitCount))
    result.append(UInt8(ascii: "\""))
}

/// Writes `value` in decimal, as `String(value)` spells it, at `offset` of a buffer with room
/// for it (20 bytes always do), and gives the offset after it: for builders that size their
/// buffer first, where an array's append checked its storage on every byte.
@inline(__always)
func writeDecimal(_ value: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int {
    var at = offset
    if value < 0 {
        buffer[at] = UInt8(ascii: "-")
        at += 1
    }
    var magnitude = value.magnitude
    if magnitude < 10 {
        buffer[at] = UInt8(ascii: "0") + UInt8(magnitude)
        return at + 1
    }
    var digits = 0
    var rest = magnitude
    repeat {
        digits += 1
        rest /= 10
    } while rest > 0
    var index = at + digits
    repeat {
        index -= 1
        buffer[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
        magnitude /= 10
    } while magnitude > 0
    return at + digits
}

/// Appends `value` in decimal, as `String(value)` spells it.
func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    // One or two digits (most of a search index's postings) are appended as they are: the
    // buffer's append cost ~100 instructions a number.
    if value >= 0 && value < 10 {
        bytes.append(UInt8(ascii: "0") + UInt8(value))
        return
    }
    if value >= 10 && value < 100 {
        bytes.append(UInt8(ascii: "0") + UInt8(value / 10))
        bytes.append(UInt8(ascii: "0") + UInt8(value % 10))
        return
    }
    // Longer ones are written into a buffer, then appended at once: an append per digit
    // checked the array's storage each time (a record has two 19-digit numbers a file).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        let end = writeDecimal(value, into: digits, at: 0)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[..<end]))
    }
}
