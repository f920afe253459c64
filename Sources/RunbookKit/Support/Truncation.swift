/// White space collapsed, at most `limit` characters, cut at a word with an ellipsis.
/// Works on UTF-8 bytes: this runs for every page's summary and search record.
func truncated(_ text: String, to limit: Int) -> String {
    var text = text
    var cut = false
    // Written straight into the String's storage: no per-byte array appends. The output is
    // never longer than the input (a run of white space becomes at most one space) nor than
    // `limit` characters of at most four bytes.
    let output = text.withUTF8 { bytes in
        String(unsafeUninitializedCapacity: min(bytes.count, max(limit, 0) * 4)) { buffer in
            var count = 0
            var characters = 0
            var pendingSpace = false
            var lastSpace = -1
            for byte in bytes {
                if isCollapsible(byte) {
                    pendingSpace = count > 0
                    continue
                }
                if byte & 0xC0 != 0x80 {  // starts a character
                    if pendingSpace {
                        if characters + 1 > limit {
                            cut = true
                            break
                        }
                        lastSpace = count
                        buffer[count] = 0x20
                        count += 1
                        characters += 1
                        pendingSpace = false
                    }
                    if characters + 1 > limit {
                        cut = true
                        break
                    }
                    characters += 1
                }
                buffer[count] = byte
                count += 1
            }
            return cut && lastSpace >= 0 ? lastSpace : count
        }
    }
    return cut ? output + "…" : output
}

/// `truncated(text, to: limit)` appended as a JSON string, as `appendJSONString` writes it.
/// A search record's text is collapsed already (one space between words, none at the ends),
/// and then the cut is a prefix of its own bytes: found, not copied into a new String (that
/// copy and its UTF-8 check were 36,000 instructions a page). Other text takes `truncated`.
func appendTruncatedJSONString(_ text: String, to limit: Int, to json: inout [UInt8]) {
    var text = text
    let done: Bool = text.withUTF8 { bytes in
        guard limit > 0 else { return false }
        var characters = 0
        var lastSpace = -1
        var index = 0
        while index < bytes.count {
            // Eight characters a step while they end before the limit: a word of running text
            // is kept as it is.
            if index + 8 <= bytes.count && characters + 8 <= limit,
               let spaces = WordScan.singleSpaces(inRunningText: WordScan.word(bytes, at: index)) {
                if spaces != 0 { lastSpace = index + (63 - spaces.leadingZeroBitCount) / 8 }
                characters += 8
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            if byte & 0xC0 == 0x80 { continue }  // inside a character
            if isCollapsible(byte) {
                // Only one space between two words is kept as it is.
                let at = index - 1
                guard byte == 0x20, at > 0, bytes[at - 1] != 0x20, at + 1 < bytes.count,
                      !isCollapsible(bytes[at + 1]) else { return false }
            }
            if characters == limit {
                // `truncated` cuts before this character, at the last space it kept if any.
                appendJSONString(UnsafeBufferPointer(rebasing: bytes[..<(lastSpace >= 0 ? lastSpace : index - 1)]), then: "…", to: &json)
                return true
            }
            if byte == 0x20 { lastSpace = index - 1 }
            characters += 1
        }
        appendJSONString(bytes, to: &json)
        return true
    }
    if !done { appendJSONString(truncated(text, to: limit), to: &json) }
}

/// The white space `truncated` collapses.
@inline(__always)
private func isCollapsible(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
}
