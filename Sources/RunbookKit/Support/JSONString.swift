/// A JSON string literal, with `<` escaped too so the text is safe inside HTML.
func jsonString(_ text: String) -> String {
    // Most texts need no escape at all: copy them whole.
    let clean = !text.containsUTF8Byte { byte in
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<")
    }
    if clean { return "\"" + text + "\"" }
    // Over bytes: every character escaped is ASCII, and UTF-8 never repeats an ASCII byte
    // inside another character (the scalar walk this replaces cost ~40,000 instructions a record).
    var result: [UInt8] = [UInt8(ascii: "\"")]
    result.reserveCapacity(text.utf8.count + 16)
    let hexDigits = Array("0123456789abcdef".utf8)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"):
            result.append(UInt8(ascii: "\\"))
            result.append(byte)
        case UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"):
            result.append(UInt8(ascii: "\\"))
            result.append(byte == UInt8(ascii: "\n") ? UInt8(ascii: "n") : byte == UInt8(ascii: "\r") ? UInt8(ascii: "r") : UInt8(ascii: "t"))
        case UInt8(ascii: "<"):  // safe to embed in HTML too
            result.append(contentsOf: "\\u003c".utf8)
        case 0..<0x20:
            result.append(contentsOf: "\\u00".utf8)
            result.append(hexDigits[Int(byte >> 4)])
            result.append(hexDigits[Int(byte & 0xF)])
        default:
            result.append(byte)
        }
    }
    result.append(UInt8(ascii: "\""))
    return String(decoding: result, as: UTF8.self)
}

/// Appends `value` in decimal, as `String(value)` spells it.
func appendDecimal(_ value: Int, to bytes: inout [UInt8]) {
    if value < 0 { bytes.append(UInt8(ascii: "-")) }
    var magnitude = value.magnitude
    // The digits go into a buffer from its end, then in one append: an append per digit
    // checked the array's storage each time (a record has two 19-digit numbers a file).
    withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
        var start = digits.count
        repeat {
            start -= 1
            digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude > 0 && start > 0
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
    }
}
