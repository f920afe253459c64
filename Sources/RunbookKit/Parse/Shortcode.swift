/// One `{{% name args %}}` / `{{< name args >}}` tag as written in a page.
struct Shortcode: Sendable, Equatable {
    enum Delimiter: Sendable, Equatable {
        /// `{{% … %}}`: Hugo renders the output as Markdown.
        case markdown
        /// `{{< … >}}`: Hugo inserts the output as it is.
        case html
    }

    var name: String
    var delimiter: Delimiter
    /// `{{% /comment %}}`
    var isClosing: Bool
    /// `{{< name />}}`: a paired shortcode with no inner content.
    var isSelfClosing: Bool
    var positional: [String]
    var named: [(key: String, value: String)]
    /// Byte range of the whole tag in the body.
    var range: Range<Int>

    static func == (lhs: Shortcode, rhs: Shortcode) -> Bool {
        lhs.name == rhs.name && lhs.delimiter == rhs.delimiter && lhs.isClosing == rhs.isClosing
            && lhs.isSelfClosing == rhs.isSelfClosing && lhs.positional == rhs.positional
            && lhs.named.map(\.key) == rhs.named.map(\.key) && lhs.named.map(\.value) == rhs.named.map(\.value)
            && lhs.range == rhs.range
    }

    /// A named argument, or the positional one at `index`.
    func argument(_ key: String, orPosition index: Int) -> String? {
        if let value = named.first(where: { $0.key == key })?.value { return value }
        return index < positional.count ? positional[index] : nil
    }
}
