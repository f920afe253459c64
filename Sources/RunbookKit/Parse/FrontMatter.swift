/// A page's front matter: the Wiki.js, Hugo and hugo-book keys we act on, plus every entry as
/// written (with its line) for the schema checks and the `param` shortcode.
public struct FrontMatter: Sendable, Hashable {
    public struct Entry: Sendable, Hashable {
        public let key: String
        public let value: DataValue
        public let line: Int
        public let column: Int
    }

    public var entries: [Entry] = []

    // Wiki.js
    public var title: String?
    public var description: String?
    public var published: Bool?
    public var date: Timestamp?
    public var tags: [String] = []
    public var editor: String?
    public var dateCreated: Timestamp?
    // Hugo
    public var lastmod: Timestamp?
    public var weight: Int?
    public var draft = false
    public var aliases: [String] = []
    public var slug: String?
    public var url: String?
    public var type: String?
    // hugo-book
    public var bookCollapseSection = false
    public var bookFlatSection = false
    public var bookHidden = false
    public var bookToc: Bool?

    public init() {}

    public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

    /// The page is left out of the build: `draft: true`, or Wiki.js' `published: false`.
    public var isDraft: Bool { draft || published == false }

    /// The most recent of `lastmod` and `date`: what the page shows as "Last updated".
    public var lastModified: Timestamp? { [lastmod, date].compactMap { $0 }.max() }

    /// Keys Hugo, Wiki.js and hugo-book define; the schema check reports others as unknown.
    public static let knownKeys: Set<String> = [
        "title", "description", "published", "date", "tags", "editor", "dateCreated",
        "weight", "draft", "aliases", "slug", "url", "type", "layout", "lastmod", "publishDate", "expiryDate",
        "linkTitle", "summary", "keywords", "categories", "params", "outputs", "markup", "headless", "menu",
        "bookCollapseSection", "bookFlatSection", "bookHidden", "bookToc", "bookComments", "bookSearchExclude", "bookHref",
    ]
}
