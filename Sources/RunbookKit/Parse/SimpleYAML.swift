/// A reader for the plain front matter nearly every page has — `key: value` lines, `- item`
/// lists under a key, comments — that avoids a full YAML parser (Yams' compose was the largest
/// CPU cost of a build). It answers only when it is sure: anything else (quotes, flow
/// collections, nesting, `: ` or ` #` inside a value, block scalars) returns nil and the page
/// goes through Yams. A test checks it agrees with Yams on every page of the corpus.
enum SimpleYAML {
    /// Top-level entries in order with their 1-based line and column, or nil: use Yams.
    static func parse(_ text: Substring) -> [(key: String, value: DataValue, line: Int, column: Int)]? {
        var entries: [(key: String, value: DataValue, line: Int, column: Int)] = []
        var openList: (key: String, items: [DataValue], line: Int)?
        var listIndent: Int?
        var lineNumber = 0
        var seen = Set<String>()
        guard let ascii = Self.readability(text) else { return nil }
        if ascii, let read = text.utf8.withContiguousStorageIfAvailable({ ASCIIReader(bytes: $0).parse() }) { return read }

        // `key:` with nothing under it is null; with `- item` lines under it, a list.
        func closeList() {
            if let list = openList { entries.append((list.key, list.items.isEmpty ? .null : .list(list.items), list.line, 1)) }
            openList = nil
            listIndent = nil
        }

        // Text that is not ASCII (or not contiguous) takes Character steps: a combining mark
        // can join a space or colon into one Character.
        for rawLine in Self.lines(of: text) {
            lineNumber += 1
            var line = rawLine
            while line.last == " " || line.last == "\t" { line = line.dropLast() }
            if line.isEmpty { continue }
            guard let first = line.utf8.first else { continue }
            if first == UInt8(ascii: "#") { continue }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "-") {
                // `  - item` under a key whose value was empty.
                let trimmed = line.drop { $0 == " " }
                guard openList != nil, trimmed.hasPrefix("- ") else { return nil }
                // Items of one list share their indentation; YAML refuses a list that shifts
                // (found by the front-matter fuzzer).
                let indent = line.count - trimmed.count
                if listIndent == nil { listIndent = indent }
                guard listIndent == indent else { return nil }
                guard let item = plainScalar(trimmed.dropFirst(2).drop { $0 == " " }) else { return nil }
                openList?.items.append(item)
                continue
            }
            if first == UInt8(ascii: "\t") { return nil }
            closeList()
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let key = line[..<colon]
            guard !key.isEmpty, key.utf8.allSatisfy(isKeyByte), seen.insert(String(key)).inserted else { return nil }
            let rest = line[line.index(after: colon)...]
            if rest.isEmpty {
                openList = (String(key), [], lineNumber)
                continue
            }
            guard rest.first == " " else { return nil }
            guard let value = plainScalar(rest.drop { $0 == " " }) else { return nil }
            entries.append((String(key), value, lineNumber, 1))
        }
        closeList()
        return entries
    }

    /// `text.split(separator: "\n", omittingEmptySubsequences: false)` for text without `\r`
    /// (`readability` refuses it), where every `\n` byte is a `\n` Character: cut over
    /// bytes, each bound marked as the Character boundary it is, so the Character walks over
    /// the lines stay on their fast path.
    private static func lines(of text: Substring) -> [Substring] {
        var breaks: [Int] = []
        let utf8 = text.utf8
        let found: Void? = utf8.withContiguousStorageIfAvailable { bytes in
            for (offset, byte) in bytes.enumerated() where byte == 0x0A { breaks.append(offset) }
        }
        if found == nil {
            for (offset, byte) in utf8.enumerated() where byte == 0x0A { breaks.append(offset) }
        }
        func index(_ offset: Int) -> String.Index {
            let index = utf8.index(utf8.startIndex, offsetBy: offset)
            return String.Index(index, within: text.base) ?? index
        }
        var lines: [Substring] = []
        lines.reserveCapacity(breaks.count + 1)
        var start = text.startIndex
        for offset in breaks {
            lines.append(text[start..<index(offset)])
            start = index(offset + 1)
        }
        lines.append(text[start...])
        return lines
    }

    /// YAML 1.2's c-printable set.
    private static func isYAMLPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x0A, 0x0D, 0x20...0x7E, 0x85, 0xA0...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    fileprivate static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }

    /// A plain scalar YAML would read the same way, typed as YAML 1.1 types it; nil when in doubt.
    private static func plainScalar(_ text: Substring) -> DataValue? {
        text.withUTF8Buffer { plainScalar($0) }
    }

    /// The same, over the scalar's UTF-8 bytes.
    fileprivate static func plainScalar(_ text: UnsafeBufferPointer<UInt8>) -> DataValue? {
        guard let first = text.first else { return .null }
        // Indicators that start something other than a plain scalar; `-` only as in `-5`.
        if first.isOne(of: "[]{}&*!|>'\"%@`#,?:") { return nil }
        if first == UInt8(ascii: "-") {
            if text.count == 1 || text[1] == UInt8(ascii: " ") { return nil }
        }
        // `: ` and ` #` inside, or a trailing `:`, change the meaning.
        var previous: UInt8 = 0
        for byte in text {
            if byte == UInt8(ascii: " ") && previous == UInt8(ascii: ":") { return nil }
            if byte == UInt8(ascii: "#") && (previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t")) { return nil }
            if byte == UInt8(ascii: "\t") || byte < 0x20 { return nil }
            previous = byte
        }
        if previous == UInt8(ascii: ":") { return nil }
        return PlainScalar.resolve(String(decoding: text, as: UTF8.self))
    }

    /// Whether this reader may read the text (nil: no; anything else goes to Yams, which
    /// decides), and whether it is ASCII. Each exclusion was a difference with libyaml that the
    /// front-matter fuzzer found: characters outside YAML's printable set (refused anywhere,
    /// comments included), line breaks other than `\n` (libyaml also breaks at CR, NEL, U+2028
    /// and U+2029), a byte-order mark inside the text (libyaml drops it), and a tab in a line's
    /// indentation (an error on some lines).
    private static func readability(_ text: Substring) -> Bool? {
        // ASCII front matter (nearly all) by bytes, with the same rules as the scalar walk below.
        let ascii: Bool? = text.utf8.withContiguousStorageIfAvailable { bytes -> Bool? in
            var atLineStart = true
            for byte in bytes {
                switch byte {
                case 0x0A: atLineStart = true
                case 0x20: continue
                case 0x09 where atLineStart: return false
                case 0x09, 0x21...0x7E: atLineStart = false
                case 0x80...: return nil
                default: return false
                }
            }
            return true
        } ?? nil
        if let ascii { return ascii ? true : nil }
        var atLineStart = true
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A:
                atLineStart = true
                continue
            case 0x20:
                continue  // indentation keeps the line at its start
            case 0x09 where atLineStart, 0x0D, 0x85, 0x2028, 0x2029, 0xFEFF:
                return nil
            default:
                if !isYAMLPrintable(scalar) { return nil }
            }
            atLineStart = false
        }
        return false  // readable, by Character
    }
}

/// `SimpleYAML.parse` for ASCII text, where every byte is a Character: the same steps over byte
/// offsets, with a String made only for each key and value. The Substring steps cost about
/// 60,000 instructions a page.
private struct ASCIIReader {
    let bytes: UnsafeBufferPointer<UInt8>

    func parse() -> [(key: String, value: DataValue, line: Int, column: Int)]? {
        var entries: [(key: String, value: DataValue, line: Int, column: Int)] = []
        var openList: (key: String, items: [DataValue], line: Int)?
        var listIndent: Int?
        var seen = Set<String>()
        var lineNumber = 0
        var lineStart = 0
        func closeList() {
            if let list = openList { entries.append((list.key, list.items.isEmpty ? .null : .list(list.items), list.line, 1)) }
            openList = nil
            listIndent = nil
        }
        while lineStart <= bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            defer { lineStart = lineEnd + 1 }
            lineNumber += 1
            var end = lineEnd
            while end > lineStart, bytes[end - 1] == UInt8(ascii: " ") || bytes[end - 1] == UInt8(ascii: "\t") { end -= 1 }
            guard end > lineStart else { continue }
            let first = bytes[lineStart]
            if first == UInt8(ascii: "#") { continue }
            if first == UInt8(ascii: " ") || first == UInt8(ascii: "-") {
                // `  - item` under a key whose value was empty, all items at one indentation.
                let dash = skippingSpaces(from: lineStart, to: end)
                guard openList != nil, end - dash >= 2, bytes[dash] == UInt8(ascii: "-"), bytes[dash + 1] == UInt8(ascii: " ")
                else { return nil }
                if listIndent == nil { listIndent = dash - lineStart }
                guard listIndent == dash - lineStart,
                      let item = SimpleYAML.plainScalar(slice(skippingSpaces(from: dash + 2, to: end), end)) else { return nil }
                openList?.items.append(item)
                continue
            }
            if first == UInt8(ascii: "\t") { return nil }
            closeList()
            guard let colon = bytes[lineStart..<end].firstIndex(of: UInt8(ascii: ":")), colon > lineStart,
                  bytes[lineStart..<colon].allSatisfy(SimpleYAML.isKeyByte) else { return nil }
            let key = String(decoding: slice(lineStart, colon), as: UTF8.self)
            guard seen.insert(key).inserted else { return nil }
            if colon + 1 == end {
                openList = (key, [], lineNumber)
                continue
            }
            guard bytes[colon + 1] == UInt8(ascii: " "),
                  let value = SimpleYAML.plainScalar(slice(skippingSpaces(from: colon + 1, to: end), end)) else { return nil }
            entries.append((key, value, lineNumber, 1))
        }
        closeList()
        return entries
    }

    private func skippingSpaces(from start: Int, to end: Int) -> Int {
        var index = start
        while index < end, bytes[index] == UInt8(ascii: " ") { index += 1 }
        return index
    }

    private func slice(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[start..<end])
    }
}
