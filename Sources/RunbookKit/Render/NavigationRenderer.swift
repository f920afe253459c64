/// The menu in every page's sidebar: the home page's sections, with the branch that leads to
/// the current page open and everything else collapsed to one link (a section's page lists
/// its children). Pages stay small: hugo-book prints the whole tree into every page.
///
/// Markup: `<ul class="menu-tree">` of `<li>`s. An open section's `<li>` has the classes
/// `menu-section is-open` and holds a nested `<ul>`; a collapsed section's has `menu-section`
/// (plus `is-empty` when the section has no children), except in a long list of nothing but
/// sections, where it is a plain `<li>`. The current page's link has `aria-current="page"`;
/// `<li class="menu-more">` links to the section page of a windowed list (below).
///
/// The menu depends only on which section is open, so it is prepared once per section as a
/// list of fragments; each page only joins them, marking its own link as the current one.
///
/// A long list (a section with hundreds of pages, like the corpus' `snmptrap/spagent-mib`)
/// would print hundreds of links into each of those hundreds of pages, so a list longer than
/// `windowThreshold` shows only a window of `windowSize` entries around the current page, with
/// "… N more" links to the section page, which lists them all.
struct NavigationRenderer: Sendable {
    /// Lists up to this long are printed whole.
    static let windowThreshold = 50
    /// How many entries of a longer list a page shows.
    static let windowSize = 21

    private indirect enum Fragment: Sendable {
        case markup(String)
        /// A link: its page, and the HTML with and without `aria-current`.
        case link(page: Int, plain: String, current: String)
        /// The entries of a long list, of which a page shows a window.
        case window(Window)
    }

    private struct Window: Sendable {
        /// Each entry's fragments (`<li>…</li>`).
        var entries: [[Fragment]]
        /// The entry that holds a page's link, by page.
        var entryOfPage: [Int: Int]
        /// The entry that is an open section, if any: the window centres on it by default.
        var openEntry: Int?
        /// The section page, which lists every entry.
        var sectionHref: String
    }

    private let site: Site
    private var menus: [String: [Fragment]] = [:]
    /// Sections whose children show on every page (hugo-book's `BookSection`).
    private let alwaysOpen: Set<String>
    /// Each page's link, made once.
    private let links: [Fragment]

    /// - Parameter sections: the sections whose menus will be asked for (nil: all). A rebuild
    ///   that re-renders a few pages prepares only their menus.
    init(site: Site, sections wanted: Set<String>? = nil) {
        self.site = site
        links = site.pages.indices.map { index in
            let page = site.pages[index]
            let href = escapeHTML(site.publicURL(page.url))
            let title = escapeHTML(page.title)
            return .link(page: index,
                         plain: "<a href=\"\(href)\">\(title)</a>",
                         current: "<a href=\"\(href)\" aria-current=\"page\">\(title)</a>")
        }
        var open: Set<String> = [""]
        if let bookSection = site.config.bookSection?.trimmingSlashes(), !bookSection.isEmpty, bookSection != "*" {
            open.insert(bookSection)
        }
        if let home = site.sections[""] {
            // A site with a single top-level section (like the corpus' `runbooks`) opens it.
            let topSections = home.children.filter { site.pages[$0].kind == .section }
            if topSections.count == 1, let key = site.pages[topSections[0]].sectionKey { open.insert(key) }
        }
        alwaysOpen = open
        for key in site.sections.keys.sorted() where wanted?.contains(key) ?? true {
            menus[key] = fragments(openSection: key)
        }
    }

    /// The section whose menu a page shows.
    static func menuSection(of page: Page) -> String { page.sectionKey ?? page.parentSection ?? "" }

    /// The menu for a page: open at its own section (for a section page, at itself).
    func html(forPage index: Int) -> String {
        guard let fragments = menus[Self.menuSection(of: site.pages[index])] else { return "" }
        var result = ""
        result.reserveCapacity(8192)
        Self.append(fragments, page: index, to: &result)
        return result
    }

    private static func append(_ fragments: [Fragment], page index: Int, to result: inout String) {
        for fragment in fragments {
            switch fragment {
            case .markup(let text): result += text
            case let .link(target, plain, current): result += target == index ? current : plain
            case .window(let window):
                let count = window.entries.count
                let anchor = window.entryOfPage[index] ?? window.openEntry ?? 0
                var start = max(0, anchor - windowSize / 2)
                let end = min(count, start + windowSize)
                start = max(0, end - windowSize)
                if start > 0 {
                    result += "<li class=\"menu-more\"><a href=\"\(window.sectionHref)\">… \(start) more</a></li>"
                }
                for entry in window.entries[start..<end] { append(entry, page: index, to: &result) }
                if end < count {
                    result += "<li class=\"menu-more\"><a href=\"\(window.sectionHref)\">… \(count - end) more</a></li>"
                }
            }
        }
    }

    private func fragments(openSection: String) -> [Fragment] {
        var pageChain: Set<String> = []
        var folder: String? = openSection
        while let current = folder {
            pageChain.insert(current)
            folder = current.isEmpty ? nil : parentPath(current)
        }
        var fragments: [Fragment] = [.markup("<ul class=\"menu-tree\">")]
        guard let home = site.sections[""] else { return [] }
        fragments += children(of: home, openChain: pageChain.union(alwaysOpen), pageChain: pageChain)
        fragments.append(.markup("</ul>"))
        return Self.merged(fragments)
    }

    /// The `<li>` entries of a section's visible children: all of them, or a window.
    /// `openChain`: the sections shown open; `pageChain`: those that lead to the page itself.
    private func children(of section: Site.Section, openChain: Set<String>, pageChain: Set<String>) -> [Fragment] {
        var entries: [[Fragment]] = []
        var entryOfPage: [Int: Int] = [:]
        var openEntry: Int?
        let visible = section.children.filter { !site.pages[$0].frontMatter.bookHidden }
        // A long list of nothing but sections (the corpus' 81 exporters) leaves its collapsed
        // sections unmarked: there is nothing to tell them apart from, and the bytes add up.
        let plainSections = visible.count > Self.windowThreshold && !visible.contains { site.pages[$0].sectionKey == nil }
        for child in visible {
            let page = site.pages[child]
            var entry: [Fragment] = []
            let link = links[child]
            entryOfPage[child] = entries.count
            if let key = page.sectionKey, let childSection = site.sections[key] {
                let isOpen = openChain.contains(key)
                let hasChildren = childSection.children.contains { !site.pages[$0].frontMatter.bookHidden }
                let marked = isOpen || !plainSections
                entry.append(.markup(marked ? "<li class=\"menu-section\(isOpen ? " is-open" : "")\(hasChildren ? "" : " is-empty")\">" : "<li>"))
                entry.append(link)
                if isOpen && hasChildren {
                    if pageChain.contains(key) { openEntry = entries.count }
                    entry.append(.markup("<ul>"))
                    entry += self.children(of: childSection, openChain: openChain, pageChain: pageChain)
                    entry.append(.markup("</ul>"))
                }
                entry.append(.markup("</li>"))
            } else {
                entry.append(.markup("<li>"))
                entry.append(link)
                entry.append(.markup("</li>"))
            }
            entries.append(Self.merged(entry))
        }
        if entries.count <= Self.windowThreshold { return entries.flatMap { $0 } }
        let href = escapeHTML(site.publicURL(site.pages[section.page].url))
        return [.window(Window(entries: entries, entryOfPage: entryOfPage, openEntry: openEntry, sectionHref: href))]
    }

    /// Joins neighbouring markup so a page joins fewer, longer strings.
    private static func merged(_ fragments: [Fragment]) -> [Fragment] {
        var result: [Fragment] = []
        for fragment in fragments {
            if case .markup(let text) = fragment, case .markup(let previous)? = result.last {
                result[result.count - 1] = .markup(previous + text)
            } else {
                result.append(fragment)
            }
        }
        return result
    }
}
