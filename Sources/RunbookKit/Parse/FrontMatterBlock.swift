/// Splits a page into its front matter and body. Only the first `---` block counts: bodies
/// use `---` as horizontal rules. TOML front matter between `+++` lines is accepted too.
struct FrontMatterBlock {
    enum Format: Sendable { case yaml, toml }

    /// The front matter text, without its delimiter lines; nil when the page has none.
    let text: Substring?
    let format: Format?
    /// 1-based line of the front matter's first line (after the opening delimiter).
    let firstLine: Int
    /// The Markdown after the closing delimiter.
    let body: Substring
    /// 1-based line of the body's first line in the file.
    let bodyFirstLine: Int

    enum Problem: Error { case unclosed(format: Format) }

    static func split(_ source: String) throws(Problem) -> FrontMatterBlock {
        let text = Substring(source)
        var bytes = source
        switch bytes.withUTF8({ scan($0) }) {
        case .none:
            return FrontMatterBlock(text: nil, format: nil, firstLine: 1, body: text, bodyFirstLine: 1)
        case .unclosed(let format):
            throw .unclosed(format: format)
        case .closed(let format, let contentStart, let contentEnd, let bodyStart, let bodyFirstLine):
            let utf8 = text.utf8
            // Each offset is just after a line break: a Character boundary. `within:` marks the
            // index so, which keeps Character walks over the slices (the front matter reader
            // splits its text into lines) on their fast path.
            func index(_ offset: Int) -> String.Index {
                let index = utf8.index(utf8.startIndex, offsetBy: offset)
                return String.Index(index, within: source) ?? index
            }
            return FrontMatterBlock(text: text[index(contentStart)..<index(contentEnd)], format: format, firstLine: 2,
                                    body: text[index(bodyStart)...], bodyFirstLine: bodyFirstLine)
        }
    }

    private enum Scan {
        case none
        case unclosed(Format)
        case closed(Format, contentStart: Int, contentEnd: Int, bodyStart: Int, bodyFirstLine: Int)
    }

    /// The split over UTF-8 bytes (it was a walk over Characters, slow for every page). Lines
    /// end where a Character `\n` is: at a `\n` byte not joined to a `\r` before it.
    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Scan {
        let count = bytes.count
        func lineEnd(from start: Int) -> Int {
            var index = start
            while index < count {
                if bytes[index] == 0x0A && (index == 0 || bytes[index - 1] != 0x0D) { return index }
                index += 1
            }
            return count
        }
        /// The marker, then nothing but spaces and tabs.
        func isDelimiter(_ start: Int, _ end: Int, _ marker: (UInt8, UInt8, UInt8)) -> Bool {
            guard end - start >= 3, bytes[start] == marker.0, bytes[start + 1] == marker.1, bytes[start + 2] == marker.2 else {
                return false
            }
            for index in (start + 3)..<end where bytes[index] != 0x20 && bytes[index] != 0x09 { return false }
            return true
        }
        let dashes = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "-"))
        let pluses = (UInt8(ascii: "+"), UInt8(ascii: "+"), UInt8(ascii: "+"))
        let dots = (UInt8(ascii: "."), UInt8(ascii: "."), UInt8(ascii: "."))
        let firstEnd = lineEnd(from: 0)
        let format: Format
        if isDelimiter(0, firstEnd, dashes) {
            format = .yaml
        } else if isDelimiter(0, firstEnd, pluses) {
            format = .toml
        } else {
            return .none
        }
        let marker = format == .yaml ? dashes : pluses
        guard firstEnd < count else { return .unclosed(format) }
        var lineStart = firstEnd + 1
        let contentStart = lineStart
        var line = 2
        while lineStart < count {
            let end = lineEnd(from: lineStart)
            if isDelimiter(lineStart, end, marker) || (format == .yaml && isDelimiter(lineStart, end, dots)) {
                return .closed(format, contentStart: contentStart, contentEnd: lineStart,
                               bodyStart: end < count ? end + 1 : count, bodyFirstLine: line + 1)
            }
            lineStart = end < count ? end + 1 : count
            line += 1
        }
        return .unclosed(format)
    }
}
