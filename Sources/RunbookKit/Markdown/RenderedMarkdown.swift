/// A page body after libcmark and our transforms: its HTML and the facts about it that the
/// site, the templates and lint need (headings, links).
public struct RenderedMarkdown: Sendable {
    public struct Heading: Sendable, Hashable {
        public let level: Int
        public let text: String
        public let id: String
        /// File line.
        public let line: Int
    }

    public struct Link: Sendable, Hashable {
        /// As written in the page.
        public let destination: String
        /// After `.md` links were rewritten to page URLs.
        public let href: String
        public let isImage: Bool
        public let line: Int
        public let column: Int
    }

    public var html: String
    public var headings: [Heading]
    public var links: [Link]
    /// The body opens with its own `# Title`, so templates do not print the title again.
    public var startsWithTitle: Bool
    /// Plain text of the first paragraph, for listings and search.
    public var summary: String
    public var diagnostics: [Diagnostic]
}
