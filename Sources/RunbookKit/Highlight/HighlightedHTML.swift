/// HTML being built for a highlighted code block: text escaped, each token in a
/// `<span class="hl-…">`. Every language lexer writes through this, so nothing a page
/// author typed reaches the page unescaped.
struct HighlightedHTML {
    private(set) var html = ""

    mutating func plain(_ text: some StringProtocol) {
        html += escapeHTML(text)
    }

    mutating func span(_ style: String, _ text: some StringProtocol) {
        guard !text.isEmpty else { return }
        // Appended piece by piece: no interpolated and concatenated intermediate strings.
        html += "<span class=\"hl-"
        html += style
        html += "\">"
        html += escapeHTML(text)
        html += "</span>"
    }

    mutating func raw(_ trustedHTML: String) {
        html += trustedHTML
    }
}
