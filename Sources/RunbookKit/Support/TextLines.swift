/// Line and column arithmetic over UTF-8 text, for turning byte offsets into the 1-based
/// `line:column` positions that diagnostics show.
struct TextLines: Sendable {
    /// Byte offset at which each line starts.
    let lineStarts: [Int]
    let bytes: [UInt8]

    init(_ text: String) {
        self.init(bytes: Array(text.utf8))
    }

    init(bytes: [UInt8]) {
        self.bytes = bytes
        var starts = [0]
        bytes.withUnsafeBufferPointer { buffer in
            forEachOffset(of: UInt8(ascii: "\n"), in: buffer) { starts.append($0 + 1) }
        }
        self.lineStarts = starts
    }

    var count: Int { lineStarts.count }

    /// 1-based line of a byte offset.
    func line(ofOffset offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low + 1
    }

    /// 1-based column, counted in characters, of a byte offset.
    func column(ofOffset offset: Int) -> Int {
        let start = lineStarts[line(ofOffset: offset) - 1]
        return characterCount(bytes[start..<min(offset, bytes.count)]) + 1
    }
}

/// Number of Unicode scalars in UTF-8 bytes (continuation bytes do not start one).
func characterCount(_ bytes: ArraySlice<UInt8>) -> Int {
    var count = 0
    for byte in bytes where byte & 0xC0 != 0x80 { count += 1 }
    return count
}
