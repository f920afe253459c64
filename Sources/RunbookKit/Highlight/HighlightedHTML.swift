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

    mutating func span(_ style: String, _ text: some StringProtocol) {
        guard !text.isEmpty else { return }
        spanned(className: "hl-", style) { appendEscapedHTML(text, to: &$0) }
    }

    /// `plain` and `span` for text as UTF-8 bytes (valid UTF-8, as cut at ASCII bytes).
    mutating func plain(_ text: UnsafeBufferPointer<UInt8>) {
        appendEscapedHTML(bytes: text, to: &bytes)
    }

    mutating func span(_ style: String, _ text: UnsafeBufferPointer<UInt8>) {
        guard !text.isEmpty else { return }
        spanned(className: "hl-", style) { appendEscapedHTML(bytes: text, to: &$0) }
    }

    /// `<span class="…">`, the escaped text, `</span>`; the class in two pieces (no String joined).
    private mutating func spanned(className: String, _ rest: String, _ text: (inout [UInt8]) -> Void) {
        bytes.append(contentsOf: "<span class=\"".utf8)
        bytes.append(contentsOf: className.utf8)
        bytes.append(contentsOf: rest.utf8)
        bytes.append(contentsOf: "\">".utf8)
        text(&bytes)
        bytes.append(contentsOf: "</span>".utf8)
    }

    mutating func raw(_ trustedHTML: String) {
        bytes.append(contentsOf: trustedHTML.utf8)
    }
}
