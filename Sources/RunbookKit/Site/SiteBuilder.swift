/// Builds the `Site` from the pages the parse stage read: adds the sections Hugo makes for
/// folders without `_index.md`, assigns every page to its section, orders children, collects
/// tags, and reports pages that would share a URL.
enum SiteBuilder {
    static func build(pages input: [Page], config: SiteConfig, rules: RuleIndex) -> (Site, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var pages = input

        // Sections: the home page, every folder with `_index.md`, and every top-level folder (as Hugo).
        var sectionFolders = Set(pages.compactMap(\.sectionKey))
        if !sectionFolders.contains("") {
            pages.append(Page(kind: .home, sourcePath: nil, contentPath: "", frontMatter: FrontMatter(), title: config.title,
                              url: "/", body: "", bodyFirstLine: 1, parentSection: nil))
            sectionFolders.insert("")
        }
        for page in input {
            guard let top = page.directory.split(separator: "/").first.map(String.init), !sectionFolders.contains(top) else { continue }
            sectionFolders.insert(top)
            pages.append(Page(kind: .section, sourcePath: nil, contentPath: top, frontMatter: FrontMatter(),
                              title: PageReader.sectionTitle(forFolder: top), url: PageReader.directoryURL(top),
                              body: "", bodyFirstLine: 1, parentSection: nil))
        }
        pages.sort { $0.contentPath < $1.contentPath }

        // Each page belongs to the nearest section folder above it (a section to the one above itself).
        for index in pages.indices {
            let page = pages[index]
            guard page.kind != .home else { continue }
            var folder = page.kind == .section ? parentPath(page.directory) : page.directory
            while !sectionFolders.contains(folder) { folder = parentPath(folder) }
            pages[index] = page.inSection(folder)
        }

        var indexByURL: [String: Int] = [:]
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
        var indexByContentPath: [String: Int] = [:]
        for (index, page) in pages.enumerated() { indexByContentPath[page.contentPath] = index }

        // Sort keys made once: comparing lower-cased titles inside the sort was a tenth of a rebuild.
        let orderKeys = pages.map(MenuOrderKey.init)
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

        var tagged: [String: (name: String, pages: [Int])] = [:]
        for (index, page) in pages.enumerated() {
            for tag in page.frontMatter.tags {
                let key = HugoPath.urlize(tag)
                guard !key.isEmpty else { continue }
                tagged[key, default: (tag, [])].pages.append(index)
            }
        }
        let tags = tagged.sorted { $0.key < $1.key }.map { key, entry in
            Site.Tag(name: entry.name, url: "/tags/\(key)/", pages: entry.pages.sorted { orderKeys[$0] < orderKeys[$1] })
        }

        let site = Site(config: config, rules: rules, pages: pages, sections: sections, readingOrder: readingOrder,
                        tags: tags, indexByURL: indexByURL, indexByContentPath: indexByContentPath)
        return (site, diagnostics)
    }

    /// Hugo's default order: weight (unset weights last), then title, then path.
    static func menuOrder(_ lhs: Page, _ rhs: Page) -> Bool { MenuOrderKey(lhs) < MenuOrderKey(rhs) }
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

    static func < (lhs: MenuOrderKey, rhs: MenuOrderKey) -> Bool {
        if lhs.weight != rhs.weight { return lhs.weight < rhs.weight }
        if lhs.title != rhs.title { return lhs.title < rhs.title }
        return lhs.path < rhs.path
    }
}
