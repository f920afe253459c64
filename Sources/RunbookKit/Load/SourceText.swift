/// Turns file bytes into the text every later stage reads: a UTF-8 byte-order mark dropped,
/// CRLF and lone CR line ends made `\n` (line numbers stay the same).
enum SourceText {
    static func decode(_ bytes: [UInt8]) -> String {
        decodeChecked(bytes).text
    }

    /// The text, and whether the bytes were valid UTF-8 (invalid sequences become U+FFFD).
    static func decodeChecked(_ bytes: [UInt8]) -> (text: String, isValidUTF8: Bool) {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        let valid = String(validating: slice, as: UTF8.self) != nil
        guard slice.contains(UInt8(ascii: "\r")) else {
            return (String(decoding: slice, as: UTF8.self), valid)
        }
        var normalised = [UInt8]()
        normalised.reserveCapacity(slice.count)
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            if byte == UInt8(ascii: "\r") {
                normalised.append(UInt8(ascii: "\n"))
                let next = slice.index(after: index)
                if next < slice.endIndex, slice[next] == UInt8(ascii: "\n") { index = next }
            } else {
                normalised.append(byte)
            }
            index = slice.index(after: index)
        }
        return (String(decoding: normalised, as: UTF8.self), valid)
    }
}
