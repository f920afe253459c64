/// The whole site, built once from every page: sections and their ordered children, the
/// reading order for previous/next, tags, and lookups by URL and by file. Read-only afterwards.
public struct Site: Sendable {
    public struct Section: Sendable {
        /// Index of the section's own page.
        public let page: Int
        /// Pages and subsection pages, ordered by weight, then title.
        public let children: [Int]
    }

    public struct Tag: Sendable {
        public let name: String
        public let url: String
        public let pages: [Int]
    }

    /// Every published page, sorted by content path.
    public private(set) var pages: [Page]
    /// Everything else, in one shared object: a `Site` is copied into every page's work (the
    /// Markdown stage's link resolver, the search index's documents), and a copy of a dozen
    /// fields, each with its own references, was ~1% of a 10x build's cycles.
    private let storage: Storage

    private struct Structure: Sendable {
        let config: SiteConfig
        let rules: RuleIndex
        let sections: [String: Section]
        let readingOrder: [Int]
        let tags: [Tag]
        let indexByURL: [String: Int]
        let indexByContentPath: [String: Int]
        let visibleChildren: [String: [Int]]
    }

    private final class Storage: Sendable {
        let structure: Structure
        init(_ structure: Structure) { self.structure = structure }
    }

    public var config: SiteConfig { storage.structure.config }
    public var rules: RuleIndex { storage.structure.rules }
    /// By section folder (`""` is the home page).
    public var sections: [String: Section] { storage.structure.sections }
    /// Depth-first over the sections: what previous/next follow.
    public var readingOrder: [Int] { storage.structure.readingOrder }
    public var tags: [Tag] { storage.structure.tags }
    var indexByURL: [String: Int] { storage.structure.indexByURL }
    var indexByContentPath: [String: Int] { storage.structure.indexByContentPath }
    /// Each section's children without `bookHidden` pages: what menus and section lists show.
    var visibleChildren: [String: [Int]] { storage.structure.visibleChildren }

    init(config: SiteConfig, rules: RuleIndex, pages: [Page], sections: [String: Section], readingOrder: [Int], tags: [Tag],
         indexByURL: [String: Int], indexByContentPath: [String: Int]) {
        self.pages = pages
        storage = Storage(Structure(config: config, rules: rules, sections: sections, readingOrder: readingOrder, tags: tags,
                                    indexByURL: indexByURL, indexByContentPath: indexByContentPath,
                                    visibleChildren: sections.mapValues { section in section.children.filter { !pages[$0].frontMatter.bookHidden } }))
    }

    /// The same site with some pages' texts and the rules replaced: for a rebuild in which no
    /// page changed anything the site's structure is built from (kind, path, URL, title,
    /// weight, tags). `replacements` maps a page's index to its new reading.
    func replacing(_ replacements: [Int: Page], rules: RuleIndex) -> Site {
        var pages = self.pages
        for (index, page) in replacements { pages[index] = page.inSection(pages[index].parentSection) }
        return Site(config: config, rules: rules, pages: pages, sections: sections, readingOrder: readingOrder, tags: tags,
                    indexByURL: indexByURL, indexByContentPath: indexByContentPath)
    }

    /// Lets every page's text go (`Page.withoutBody`).
    mutating func letBodiesGo() { letBodiesGo(pages.indices) }

    /// Lets these pages' texts go, in place: nothing else changes. Making a new site for each
    /// slice of a large build copied the whole page list and worked out every section's
    /// visible children again, on one core (0.16 s at 100x).
    mutating func letBodiesGo(_ indices: Range<Int>) {
        for index in indices { pages[index] = pages[index].withoutBody() }
    }

    public func page(atURL url: String) -> Page? { indexByURL[url].map { pages[$0] } }
    public func pageIndex(atURL url: String) -> Int? { indexByURL[url] }
    public func pageIndex(forContentPath path: String) -> Int? { indexByContentPath[path] }

    /// The section page a page belongs to.
    public func parent(of index: Int) -> Int? {
        pages[index].parentSection.flatMap { sections[$0]?.page }
    }

    /// Section pages from the home page down to (not including) the page.
    public func ancestors(of index: Int) -> [Int] {
        var chain: [Int] = []
        var current = parent(of: index)
        while let section = current, !chain.contains(section) {
            chain.insert(section, at: 0)
            current = parent(of: section)
        }
        return chain
    }

    /// The section a section page stands for.
    public func section(of index: Int) -> Section? {
        pages[index].sectionKey.flatMap { sections[$0] }
    }
}
