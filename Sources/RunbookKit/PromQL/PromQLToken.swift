/// One token of a PromQL expression, with its byte range in the source so errors, layout and
/// highlighting can point back at the text the writer typed.
public struct PromQLToken: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case identifier
        case number
        /// `5m`, `1h30m`.
        case duration
        /// Any of the three quote kinds; `text` keeps the quotes, `value` is the unescaped text.
        case string
        case comment
        /// `+ - * / % ^ == != > < >= <= =~ !~ = , ( ) { } [ ] : @`
        case punctuation
        case end
    }

    public let kind: Kind
    /// The token exactly as written.
    public let text: String
    /// Byte offsets in the expression: `start..<end`.
    public let start: Int
    public let end: Int
    /// For strings: the unescaped value.
    public let value: String

    init(_ kind: Kind, _ text: String, start: Int, end: Int, value: String? = nil) {
        self.kind = kind
        self.text = text
        self.start = start
        self.end = end
        self.value = value ?? text
    }

    func isPunctuation(_ symbol: String) -> Bool { kind == .punctuation && text == symbol }

    /// Keywords are case-insensitive in PromQL (`SUM BY (job)` is valid).
    /// (Most are lower-case already, and then `text` itself: no new String.)
    var lowered: String {
        text.containsUTF8Byte { ($0 >= 0x41 && $0 <= 0x5A) || $0 >= 0x80 } ? text.lowercased() : text
    }
}
