/// What one build can hand to the next so that `serve` redoes only the work an edit affects.
/// Every entry is checked against its inputs before reuse, so a rebuild with a cache produces
/// exactly what a build from scratch would (a test compares the two).
///
/// Not thread-safe: one build at a time uses it (BuildSession holds a lock).
public final class BuildCache: @unchecked Sendable {
    /// The last load, with file texts to reuse for files that did not change.
    var loaded: LoadedSite?
    /// Front matter reads by content path, valid while the text is the same.
    var reads: [String: (text: String, page: Page, problems: [Diagnostic])] = [:]
    /// The last site, with the pages it was built from and what building it reported.
    var site: (inputs: [Page], site: Site, problems: [Diagnostic])?
    /// Compiled templates, valid while the theme's files are the same.
    var templates: (files: [String: [UInt8]], set: TemplateSet, problems: [Diagnostic])?
    /// Rendered bodies by content path.
    var contents: [String: CachedContent] = [:]
    /// Rendered page files by content path, with the key of everything they show.
    var pageFiles: [String: (key: Int, file: OutputFile)] = [:]
    /// Search records and sitemap entries by content path, with the key of the page file they describe.
    var searchRecords: [String: (key: Int, record: SearchDocument)] = [:]
    var sitemapEntries: [String: (key: Int, entry: String)] = [:]
    /// The tag pages and the 404 page, with the key of what they show.
    var tagPages: (key: Int, files: [OutputFile])?
    /// The alert catalogue, with the key of what it shows.
    var alertsPage: (key: Int, file: OutputFile)?
    /// Hands out identities to rendered bodies and compiled templates, so keys can name them cheaply.
    var nextGeneration = 0
    var templatesGeneration = -1

    public init() {}

    struct CachedContent {
        /// The page's file text (front matter and body): identical storage when the file was not reread.
        let source: String
        let structure: Int
        let templates: Int
        /// Rule files the page named (keys of `RuleIndex.files`), with the identity of what they
        /// held then (nil: absent).
        let ruleFiles: [String: Int?]
        let generation: Int
        let page: RenderedPage
    }
}
