/// HTML being built for a highlighted code block: text escaped, each token in a
/// `<span class="hl-…">`. Every language lexer writes through this, so nothing a page
/// author typed reaches the page unescaped.
struct HighlightedHTML {
    /// UTF-8 bytes: a rule block's highlighting made a few hundred String appends (about 470
    /// instructions each) and as many escaped copies.
    private var bytes: [UInt8] = []

    var html: String { String(decoding: bytes, as: UTF8.self) }

    mutating func plain(_ text: some StringProtocol) {
        appendEscapedHTML(text, to: &bytes)
    }

    mutating func span(_ style: StaticString, _ text: some StringProtocol) {
        guard !text.isEmpty else { return }
        openSpan(style)
        appendEscapedHTML(text, to: &bytes)
        bytes.append(literal: "</span>")
    }

    /// `plain` and `span` for text as UTF-8 bytes (valid UTF-8, as cut at ASCII bytes).
    mutating func plain(_ text: UnsafeBufferPointer<UInt8>) {
        appendEscapedHTML(bytes: text, to: &bytes)
    }

    mutating func span(_ style: StaticString, _ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        openSpan(style)
        appendEscapedHTML(bytes: text, to: &bytes)
        bytes.append(literal: "</span>")
    }

    /// `<span class="hl-…">`: static text, copied as it is (a String's bytes cost ~190
    /// instructions an append, four per token).
    private mutating func openSpan(_ style: StaticString) {
        bytes.append(literal: "<span class=\"hl-")
        bytes.append(literal: style)
        bytes.append(literal: "\">")
    }

    mutating func raw(_ trustedHTML: String) {
        bytes.append(utf8Of: trustedHTML)
    }
}
