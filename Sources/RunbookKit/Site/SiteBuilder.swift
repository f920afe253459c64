/// Builds the `Site` from the pages the parse stage read: adds the sections Hugo makes for
/// folders without `_index.md`, assigns every page to its section, orders children, collects
/// tags, and reports pages that would share a URL.
enum SiteBuilder {
    static func build(pages input: [Page], config: SiteConfig, rules: RuleIndex) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let input = gateURLs(input, diagnostics: &diagnostics)
        var pages = input

        // Sections: the home page, every folder with `_index.md`, and every top-level folder (as Hugo).
        var sectionFolders = Set(pages.compactMap(\.sectionKey))
        if !sectionFolders.contains("") {
            pages.append(Page(kind: .home, sourcePath: nil, contentPath: "", frontMatter: FrontMatter(), title: config.title,
                              url: "/", body: "", bodyFirstLine: 1, parentSection: nil))
            sectionFolders.insert("")
        }
        for page in input {
            guard let top = PageReader.firstComponent(page.directory).map(String.init), !sectionFolders.contains(top) else { continue }
            sectionFolders.insert(top)
            pages.append(Page(kind: .section, sourcePath: nil, contentPath: top, frontMatter: FrontMatter(),
                              title: PageReader.sectionTitle(forFolder: top), url: PageReader.directoryURL(top),
                              body: "", bodyFirstLine: 1, parentSection: nil))
        }
        pages.sort { $0.contentPath < $1.contentPath }

        // Each page belongs to the nearest section folder above it (a section to the one above
        // itself). On all cores, as the steps below that look at each page alone: at 100x this
        // stage had one core waiting for half a second.
        let folders = sectionFolders
        let inPathOrder = pages
        pages = parallelMap(inPathOrder.count) { index in
            let page = inPathOrder[index]
            guard page.kind != .home else { return page }
            var folder = page.kind == .section ? parentPath(page.directory) : page.directory
            while !folders.contains(folder) { folder = parentPath(folder) }
            return page.parentSection == folder ? page : page.inSection(folder)
        }

        // The two indexes at once, one on each side.
        let placed = pages
        let byContentPath = Background { () -> [String: Int] in
            var index: [String: Int] = [:]
            index.reserveCapacity(placed.count)
            for (position, page) in placed.enumerated() { index[page.contentPath] = position }
            return index
        }
        var indexByURL: [String: Int] = [:]
        indexByURL.reserveCapacity(pages.count)
        for (index, page) in pages.enumerated() {
            if let other = indexByURL[page.url] {
                let first = pages[other].sourcePath ?? pages[other].contentPath
                diagnostics.append(Diagnostic(.urlConflict,
                    "\(page.sourcePath ?? page.contentPath) and \(first) would both be published at \(page.url); rename one or set `slug` or `url`",
                    at: SourceLocation(file: page.sourcePath ?? page.contentPath, line: 1, column: 1)))
                continue
            }
            indexByURL[page.url] = index
        }
        let indexByContentPath = byContentPath.value ?? [:]

        // Sort keys made once: comparing lower-cased titles inside the sort was a tenth of a rebuild.
        let orderKeys = parallelMap(pages.count) { MenuOrderKey(placed[$0]) }
        // Where tags are on most pages (the corpus puts two on every page), every page's place in
        // menu order is sorted out once, on another core while the sections are put together,
        // and each tag's pages are put in order by an integer: sorting each tag's pages by title
        // was a fifth of this stage at 100x.
        let tagOccurrences = pages.reduce(0) { $0 + $1.frontMatter.tags.count }
        let ranking = tagOccurrences > pages.count ? Background { MenuOrderKey.ranks(orderKeys) } : nil
        var childrenBySection: [String: [Int]] = [:]
        for (index, page) in pages.enumerated() {
            if let parent = page.parentSection { childrenBySection[parent, default: []].append(index) }
        }
        var sections: [String: Site.Section] = [:]
        for (index, page) in pages.enumerated() {
            guard let key = page.sectionKey else { continue }
            let children = (childrenBySection[key] ?? []).sorted { orderKeys[$0] < orderKeys[$1] }
            sections[key] = Site.Section(page: index, children: children)
        }

        var readingOrder: [Int] = []
        func visit(_ index: Int) {
            readingOrder.append(index)
            guard let key = pages[index].sectionKey, let section = sections[key] else { return }
            for child in section.children { visit(child) }
        }
        if let home = sections[""] { visit(home.page) }

        var tagged: [String: (name: String, url: String, pages: [Int])] = [:]
        for (index, page) in pages.enumerated() {
            for tag in page.frontMatter.tags {
                let key = HugoPath.urlize(tag)
                guard !key.isEmpty else { continue }
                // A tag already placed has passed the gate: most tags are on many pages.
                if tagged[key] != nil {
                    tagged[key]?.pages.append(index)
                    continue
                }
                switch OutputPath.termURL(taxonomy: "tags", key: key) {
                case .success(let url): tagged[key, default: (tag, url, [])].pages.append(index)
                case .failure(let refusal):
                    diagnostics.append(Diagnostic(.urlInvalid, "tag '\(tag)' is refused: \(refusal); rename the tag",
                                                  at: location(of: "tags", in: page)))
                }
            }
        }
        let rank = ranking?.value
        let tags = tagged.sorted { $0.key < $1.key }.map { _, entry in
            Site.Tag(name: entry.name, url: entry.url,
                     pages: rank.map { rank in entry.pages.sorted { rank[$0] < rank[$1] } }
                         ?? entry.pages.sorted { orderKeys[$0] < orderKeys[$1] })
        }

        let site = Site(config: config, rules: rules, pages: pages, sections: sections, readingOrder: readingOrder,
                        tags: tags, indexByURL: indexByURL, indexByContentPath: indexByContentPath)
        return (site, diagnostics)
    }

    /// Every page's URL and aliases through the output gate. A refused `url` or `slug` is an
    /// error at its front matter key and the page falls back to the URL of its file name; a
    /// page whose file or folder names cannot make a safe URL either is left out. URLs the
    /// gate only tidies (`/a/./b//`) are kept tidied, so links and files agree.
    static func gateURLs(_ pages: [Page], diagnostics: inout [Diagnostic]) -> [Page] {
        // Each page alone, on all cores; kept and reported in page order.
        let gated = parallelMap(pages.count) { gateURLs(of: pages[$0]) }
        var result: [Page] = []
        result.reserveCapacity(pages.count)
        for (page, problems) in gated {
            diagnostics += problems
            if let page { result.append(page) }
        }
        return result
    }

    /// One page's URL and aliases through the gate: the page as kept (nil: left out) and its problems.
    private static func gateURLs(of page: Page) -> (Page?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let file = page.sourcePath ?? page.contentPath
        var current = page
        switch OutputPath.normalisedURL(page.url) {
        case .success(let url):
            if url != page.url { current = page.withURL(url) }
        case .failure(let refusal):
            let key = page.frontMatter.url?.isEmpty == false ? "url" : page.frontMatter.slug != nil ? "slug" : nil
            let what = key.map { "`\($0)`" } ?? "the file or folder name"
            diagnostics.append(Diagnostic(.urlInvalid, "\(what) gives the URL '\(page.url)', which is refused: \(refusal); use a path inside the site such as /runbooks/name/",
                                          at: key.map { location(of: $0, in: page) } ?? SourceLocation(file: file, line: 1, column: 1)))
            guard key != nil, case .success(let fallback) = OutputPath.normalisedURL(PageReader.pageURL(
                kind: page.kind, directory: parentPath(page.contentPath), baseName: baseName(page.contentPath), frontMatter: FrontMatter()))
            else { return (nil, diagnostics) }
            current = page.withURL(fallback)
        }
        for (alias, url) in current.resolvedAliases {
            guard case .failure(let refusal) = url else { continue }
            diagnostics.append(Diagnostic(.urlInvalid, "alias '\(alias)' is refused: \(refusal); use a path inside the site",
                                          at: location(of: "aliases", in: current)))
        }
        return (current, diagnostics)
    }

    /// Where a front matter key is written, or the file's first line.
    static func location(of key: String, in page: Page) -> SourceLocation {
        let file = page.sourcePath ?? page.contentPath
        guard let entry = page.frontMatter.entry(key) else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: entry.line, column: entry.column)
    }

    private static func baseName(_ contentPath: String) -> String {
        let name = contentPath.split(separator: "/").last.map(String.init) ?? contentPath
        return name.hasSuffix(".md") ? String(name.dropLast(3)) : name
    }
}

/// Hugo's default order of pages: weight (unset or 0 last), then title ignoring case, then path.
struct MenuOrderKey: Comparable {
    let weight: Int
    let title: String
    let path: String

    init(_ page: Page) {
        weight = page.frontMatter.weight.flatMap { $0 == 0 ? nil : $0 } ?? Int.max
        title = page.title.lowercased()
        path = page.contentPath
    }

    /// Each key's position in this order; equal keys (none: paths differ) in their own order.
    static func ranks(_ keys: [MenuOrderKey]) -> [Int] {
        var rank = [Int](repeating: 0, count: keys.count)
        for (position, index) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() {
            rank[index] = position
        }
        return rank
    }

    static func < (lhs: MenuOrderKey, rhs: MenuOrderKey) -> Bool {
        if lhs.weight != rhs.weight { return lhs.weight < rhs.weight }
        if lhs.title != rhs.title { return lhs.title < rhs.title }
        return lhs.path < rhs.path
    }
}
