/// A page body with its shortcodes carried out: Markdown for libcmark, the HTML fragments to put
/// where the placeholders stand, and what lint needs to know about the shortcodes.
public struct ExpandedBody: Sendable {
    /// What a `rule` shortcode asked for, and what it found.
    public struct RuleReference: Sendable {
        public let path: String
        public let alert: String
        public let location: SourceLocation
        /// The rules shown (empty when none was found).
        public let rules: [AlertRule]
        /// When none was found, what the lookup said (the page's note shows its hints).
        public let notFound: RuleIndex.Lookup?
    }

    /// The text between `{{% comment %}}` and `{{% /comment %}}`, kept for the stale-copy check.
    public struct HiddenComment: Sendable {
        public let text: String
        /// File line of the comment's first inner line.
        public let line: Int
    }

    public var markdown: String
    /// File line of each Markdown line (index 0 is line 1 of `markdown`).
    public var lineOrigins: [Int]
    /// The rules each placeholder stands for, by placeholder number.
    public var embeds: [[AlertRule]]
    /// Text of every placeholder: `<!--runbook-embed-MARKER-N-->`.
    public var embedMarker: String
    public var ruleReferences: [RuleReference]
    public var comments: [HiddenComment]
    public var diagnostics: [Diagnostic]
    /// HTML that shortcodes produced to be shown exactly as it is (diagram sources, code), by
    /// placeholder number; `fragmentPlaceholder` stands where each goes.
    public var fragments: [String] = []

    /// The file line for a line of `markdown`.
    public func fileLine(forMarkdownLine line: Int) -> Int {
        guard !lineOrigins.isEmpty else { return line }
        return lineOrigins[min(max(line, 1), lineOrigins.count) - 1]
    }

    public func placeholder(_ index: Int) -> String { Self.placeholder(marker: embedMarker, index: index) }

    static func placeholder(marker: String, index: Int) -> String { "\(placeholderPrefix)embed-\(marker)-\(index)-->" }
    /// How every placeholder, of a rule block or of a fragment, starts.
    static let placeholderPrefix = "<!--runbook-"

    public func fragmentPlaceholder(_ index: Int) -> String { Self.fragmentPlaceholder(marker: embedMarker, index: index) }

    static func fragmentPlaceholder(marker: String, index: Int) -> String { "\(placeholderPrefix)html-\(marker)-\(index)-->" }
}
