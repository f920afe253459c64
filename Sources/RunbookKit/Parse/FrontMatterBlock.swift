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
        let format: Format
        if Self.isDelimiter(text.prefix { $0 != "\n" }, "---") {
            format = .yaml
        } else if Self.isDelimiter(text.prefix { $0 != "\n" }, "+++") {
            format = .toml
        } else {
            return FrontMatterBlock(text: nil, format: nil, firstLine: 1, body: text, bodyFirstLine: 1)
        }
        let marker = format == .yaml ? "---" : "+++"
        guard let firstNewline = text.firstIndex(of: "\n") else { throw .unclosed(format: format) }
        var lineStart = text.index(after: firstNewline)
        let contentStart = lineStart
        var line = 2
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let current = text[lineStart..<lineEnd]
            if isDelimiter(current, marker) || (format == .yaml && isDelimiter(current, "...")) {
                let bodyStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
                return FrontMatterBlock(text: text[contentStart..<lineStart], format: format, firstLine: 2,
                                        body: text[bodyStart...], bodyFirstLine: line + 1)
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            line += 1
        }
        throw .unclosed(format: format)
    }

    /// `---` with nothing but spaces after it.
    private static func isDelimiter(_ line: Substring, _ marker: String) -> Bool {
        guard line.hasPrefix(marker) else { return false }
        return line.dropFirst(marker.count).allSatisfy { $0 == " " || $0 == "\t" }
    }
}
