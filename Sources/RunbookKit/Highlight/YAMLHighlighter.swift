/// YAML, a line at a time: keys, comments, quoted strings, numbers and booleans, `- ` items,
/// and block-scalar text left plain. Enough to read a rule file, not a YAML parser.
enum YAMLHighlighter {
    static func highlight(_ code: String) -> String {
        highlightASCII(code) ?? highlightByCharacters(code)
    }

    static func highlightByCharacters(_ code: String) -> String {
        var out = HighlightedHTML()
        let lines = code.split(separator: "\n", omittingEmptySubsequences: false)
        for (number, line) in lines.enumerated() {
            if number > 0 { out.plain("\n") }
            highlightLine(line, into: &out)
        }
        return out.html
    }

    private static func highlightLine(_ line: Substring, into out: inout HighlightedHTML) {
        var rest = line[...]
        let indent = rest.prefix { $0 == " " || $0 == "\t" }
        out.plain(indent)
        rest = rest.dropFirst(indent.count)
        if rest.hasPrefix("#") {
            out.span("comment", rest)
            return
        }
        if rest == "---" || rest == "..." {
            out.span("operator", rest)
            return
        }
        while rest.hasPrefix("- ") || rest == "-" {
            out.span("operator", "-")
            rest = rest.dropFirst()
            let spaces = rest.prefix { $0 == " " }
            out.plain(spaces)
            rest = rest.dropFirst(spaces.count)
        }
        // `key:` followed by a space or the end of the line.
        if let colon = keyColon(in: rest) {
            out.span("key", rest[..<colon])
            out.span("operator", ":")
            rest = rest[rest.index(after: colon)...]
        }
        value(rest, into: &out)
    }

    private static func keyColon(in text: Substring) -> Substring.Index? {
        guard let first = text.first, first != "\"", first != "'", first != "{", first != "[", first != "#" else {
            if let first = text.first, first == "\"" || first == "'",
               let close = text.dropFirst().firstIndex(of: first) {
                let after = text.index(after: close)
                if after < text.endIndex, text[after] == ":" {
                    let next = text.index(after: after)
                    if next == text.endIndex || text[next] == " " { return after }
                }
            }
            return nil
        }
        var index = text.startIndex
        while index < text.endIndex {
            if text[index] == ":" {
                let next = text.index(after: index)
                if next == text.endIndex || text[next] == " " || text[next] == "\t" { return index }
            }
            if text[index] == " ", text.index(after: index) < text.endIndex, text[text.index(after: index)] == "#" { return nil }
            index = text.index(after: index)
        }
        return nil
    }

    /// A scalar value after `key:` (or a whole line in a block scalar).
    private static func value(_ text: Substring, into out: inout HighlightedHTML) {
        let spaces = text.prefix { $0 == " " || $0 == "\t" }
        out.plain(spaces)
        var rest = text.dropFirst(spaces.count)
        guard let first = rest.first else { return }
        var trailingComment: Substring = ""
        if let hash = commentStart(in: rest) {
            trailingComment = rest[hash...]
            rest = rest[..<hash]
        }
        let trimmed = rest.reversed().prefix { $0 == " " }.count
        let body = rest.dropLast(trimmed)
        if first == "\"" || first == "'" {
            out.span("string", body)
        } else if ["true", "false", "null", "~", "yes", "no"].contains(body.lowercased()) {
            out.span("literal", body)
        } else if Double(body) != nil {
            out.span("number", body)
        } else if body == "|" || body == ">" || body == "|-" || body == ">-" || body == "|+" || body == ">+" {
            out.span("operator", body)
        } else {
            out.plain(body)
        }
        out.plain(rest.suffix(trimmed))
        if !trailingComment.isEmpty { out.span("comment", trailingComment) }
    }

    /// ` #` outside quotes starts a comment.
    private static func commentStart(in text: Substring) -> Substring.Index? {
        var quote: Character?
        var previous: Character = " "
        for index in text.indices {
            let character = text[index]
            if let open = quote {
                if character == open { quote = nil }
            } else if character == "\"" || character == "'" {
                if previous == " " || index == text.startIndex { quote = character }
            } else if character == "#", previous == " " || previous == "\t" {
                return index
            }
            previous = character
        }
        return nil
    }

    // MARK: - The same over bytes

    /// `highlight` for ASCII text without `\r` (rule files nearly always are): there every byte
    /// is a Character, so the walk below, line for line the one above, gives the same HTML at
    /// a fraction of the cost (the Character walk was 6% of a cold corpus build).
    static func highlightASCII(_ code: String) -> String? {
        var code = code
        return code.withUTF8 { bytes -> String? in
            for byte in bytes where byte >= 0x80 || byte == 0x0D { return nil }
            var out = HighlightedHTML()
            var start = 0
            var number = 0
            while true {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                if number > 0 { out.plain("\n") }
                ASCIILine(bytes: bytes).highlight(start, end, into: &out)
                number += 1
                if end >= bytes.count { break }
                start = end + 1
            }
            return out.html
        }
    }

    /// One line's walk over `bytes[lo..<hi]`.
    private struct ASCIILine {
        let bytes: UnsafeBufferPointer<UInt8>

        func text(_ lo: Int, _ hi: Int) -> String { String(decoding: UnsafeBufferPointer(rebasing: bytes[lo..<hi]), as: UTF8.self) }
        /// The bytes themselves, for output: no String made for what is only copied.
        func piece(_ lo: Int, _ hi: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[lo..<hi]) }
        func isBlank(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }
        func equals(_ lo: Int, _ hi: Int, _ word: String) -> Bool { hi - lo == word.utf8.count && bytes[lo..<hi].elementsEqual(word.utf8) }

        /// Values YAML reads as booleans or null, in lower case.
        static let literals: [[UInt8]] = ["true", "false", "null", "~", "yes", "no"].map { Array($0.utf8) }

        /// Whether the bytes spell `word` (lower-case ASCII) in any case.
        func equalsIgnoringCase(_ lo: Int, _ hi: Int, _ word: [UInt8]) -> Bool {
            hi - lo == word.count && piece(lo, hi).hasPrefix(ignoringASCIICase: word)
        }

        /// `|` or `>`, with `-` or `+` after it or not: a block scalar starts.
        func isBlockIndicator(_ lo: Int, _ hi: Int) -> Bool {
            guard hi - lo == 1 || hi - lo == 2, bytes[lo] == UInt8(ascii: "|") || bytes[lo] == UInt8(ascii: ">") else { return false }
            return hi - lo == 1 || bytes[lo + 1] == UInt8(ascii: "-") || bytes[lo + 1] == UInt8(ascii: "+")
        }

        func highlight(_ lo: Int, _ hi: Int, into out: inout HighlightedHTML) {
            var rest = lo
            while rest < hi && isBlank(bytes[rest]) { rest += 1 }
            out.plain(piece(lo, rest))
            if rest < hi && bytes[rest] == UInt8(ascii: "#") {
                out.span("comment", piece(rest, hi))
                return
            }
            if equals(rest, hi, "---") || equals(rest, hi, "...") {
                out.span("operator", piece(rest, hi))
                return
            }
            while rest < hi && bytes[rest] == UInt8(ascii: "-") && (rest + 1 == hi || bytes[rest + 1] == 0x20) {
                out.span("operator", piece(rest, rest + 1))
                rest += 1
                let spaces = rest
                while rest < hi && bytes[rest] == 0x20 { rest += 1 }
                out.plain(piece(spaces, rest))
            }
            if let colon = keyColon(rest, hi) {
                out.span("key", piece(rest, colon))
                out.span("operator", piece(colon, colon + 1))
                rest = colon + 1
            }
            value(rest, hi, into: &out)
        }

        /// Whether `Double(_:)` could read text starting with this byte (a digit, sign, point,
        /// `inf`, `nan`, or a control byte): most values start with a letter and skip the parse.
        static func mayStartNumber(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"), 0...0x20: true
            default: false
            }
        }

        func keyColon(_ lo: Int, _ hi: Int) -> Int? {
            guard lo < hi else { return nil }
            let first = bytes[lo]
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                var close = lo + 1
                while close < hi && bytes[close] != first { close += 1 }
                guard close < hi else { return nil }
                let after = close + 1
                if after < hi, bytes[after] == UInt8(ascii: ":") {
                    let next = after + 1
                    if next == hi || bytes[next] == 0x20 { return after }
                }
                return nil
            }
            if first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "#") { return nil }
            var index = lo
            while index < hi {
                if bytes[index] == UInt8(ascii: ":") {
                    let next = index + 1
                    if next == hi || isBlank(bytes[next]) { return index }
                }
                if bytes[index] == 0x20, index + 1 < hi, bytes[index + 1] == UInt8(ascii: "#") { return nil }
                index += 1
            }
            return nil
        }

        func value(_ lo: Int, _ hi: Int, into out: inout HighlightedHTML) {
            var start = lo
            while start < hi && isBlank(bytes[start]) { start += 1 }
            out.plain(piece(lo, start))
            guard start < hi else { return }
            let first = bytes[start]
            var end = hi
            var comment: Int?
            if let hash = commentStart(start, hi) {
                comment = hash
                end = hash
            }
            var bodyEnd = end
            while bodyEnd > start && bytes[bodyEnd - 1] == 0x20 { bodyEnd -= 1 }
            // The value's bytes as they are; a String only for `Double` to read.
            let body = piece(start, bodyEnd)
            if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
                out.span("string", body)
            } else if Self.literals.contains(where: { equalsIgnoringCase(start, bodyEnd, $0) }) {
                out.span("literal", body)
            } else if Self.mayStartNumber(first), Double(text(start, bodyEnd)) != nil {
                out.span("number", body)
            } else if isBlockIndicator(start, bodyEnd) {
                out.span("operator", body)
            } else {
                out.plain(body)
            }
            out.plain(piece(bodyEnd, end))
            if let comment, comment < hi { out.span("comment", piece(comment, hi)) }
        }

        func commentStart(_ lo: Int, _ hi: Int) -> Int? {
            var quote: UInt8?
            var previous: UInt8 = 0x20
            var index = lo
            while index < hi {
                let byte = bytes[index]
                if let open = quote {
                    if byte == open { quote = nil }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    if previous == 0x20 || index == lo { quote = byte }
                } else if byte == UInt8(ascii: "#"), previous == 0x20 || previous == 0x09 {
                    return index
                }
                previous = byte
                index += 1
            }
            return nil
        }
    }
}
