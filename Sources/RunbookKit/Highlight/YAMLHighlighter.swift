/// YAML, a line at a time: keys, comments, quoted strings, numbers and booleans, `- ` items,
/// and block-scalar text left plain. Enough to read a rule file, not a YAML parser.
enum YAMLHighlighter {
    static func highlight(_ code: String) -> String {
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
}
