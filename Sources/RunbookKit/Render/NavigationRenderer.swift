import Foundation

/// The menu in every page's sidebar: the whole tree of sections, each one collapsible with a
/// `<details>` (no script needed), the branch that leads to the current page open.
///
/// Markup: `<ul class="menu-tree">` of `<li>`s. A page, or a section without visible children,
/// is `<li><a>`; a section with children is `<li><a>…</a><details><summary aria-label="…"></summary>
/// <ul>…</ul></details></li>`, `open` on the current branch (the summary is the toggle beside the
/// link).
/// The current page's link has `aria-current="page"`.
///
/// Pages stay small whatever the size of the site (hugo-book prints every page of the tree into
/// every page: 130 KB each on the corpus):
/// - an open section lists all its children, pages and sections;
/// - a closed section lists its subsections (sections only, no pages) while its whole subtree
///   has at most `inlineBudget` of them; otherwise it is listed alone;
/// - a closed section whose list is not complete has `data-more`: the theme's script fills it
///   from the section's `menu.json` (`MenuJSON`) when it is opened. Without the script (or from
///   `file://`, where browsers refuse `fetch`) its link leads to the section page, whose menu
///   opens it. One that lists nothing is `<li data-more><a>…</a></li>`, without its
///   `<details>`: the script adds the toggle (without the script it would open on nothing).
/// So a page's menu grows with the sections beside its branch, never with the pages of other
/// sections.
///
/// The menu depends only on which section is open, so it is prepared once per section as a
/// list of fragments; each page only joins them, marking its own link as the current one.
struct NavigationRenderer: Sendable {
    /// A closed section shows its subsections while its subtree holds at most this many.
    static let inlineBudget = 64
    /// An open section lists at most this many children; the section's page lists them all.
    /// Every page of a section shows that section's list, so without a cap a section of
    /// 20,000 pages would write 20,000 lists of 20,000 links (17 GB; 5,000 pages wrote 1.1 GB).
    static let openListBudget = 500

    private enum Fragment: Sendable {
        case markup(String)
        /// A link: its page, and the HTML with and without `aria-current`.
        case link(page: Int, plain: String, current: String)
    }

    private let site: Site
    private var menus: [String: Menu] = [:]

    /// One section's menu, joined once: the HTML with every link plain, and where each page's
    /// link stands in it, so a page's menu is three pieces (joining a few hundred fragments per
    /// page was 5% of a cold build).
    private struct Menu: Sendable {
        let plain: String
        /// By page: the UTF-8 range of its plain link in `plain`, and its `aria-current` link.
        let links: [Int: (range: Range<Int>, current: String)]

        init(_ fragments: [Fragment]) {
            var plain = ""
            var links: [Int: (range: Range<Int>, current: String)] = [:]
            var repeated = Set<Int>()
            for fragment in fragments {
                switch fragment {
                case .markup(let text): plain += text
                case let .link(page, link, current):
                    let start = plain.utf8.count
                    plain += link
                    if links.updateValue((start..<plain.utf8.count, current), forKey: page) != nil { repeated.insert(page) }
                }
            }
            self.plain = plain
            self.links = links
            self.repeated = repeated
            self.fragments = repeated.isEmpty ? [] : fragments
        }

        /// Pages linked more than once, and for them the fragments to join (each link marked).
        private let repeated: Set<Int>
        private let fragments: [Fragment]

        func html(current page: Int) -> String {
            if repeated.contains(page) {
                var result = ""
                for fragment in fragments {
                    switch fragment {
                    case .markup(let text): result += text
                    case let .link(target, plain, current): result += target == page ? current : plain
                    }
                }
                return result
            }
            guard let link = links[page] else { return plain }
            let utf8 = plain.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: link.range.lowerBound)
            let end = utf8.index(utf8.startIndex, offsetBy: link.range.upperBound)
            var result = ""
            result.reserveCapacity(utf8.count + 32)
            result += plain[..<start]
            result += link.current
            result += plain[end...]
            return result
        }
    }
    /// Sections whose children show on every page (hugo-book's `BookSection`).
    private let alwaysOpen: Set<String>
    /// Each closed section's entry, made when a menu first shows it and kept for every later
    /// menu (a rebuild that renders one page prepares one or two menus).
    private let made: Made

    /// Shared by the copies `preparing` makes for each batch of pages: in the struct, what a
    /// batch made was lost to the next. (Page links are not kept: each shows in one menu but
    /// for a section's, which the closed entries hold; 110,000 of them were 35 MB at 100x.)
    private final class Made: @unchecked Sendable {
        private let lock = NSLock()
        private var closedEntries: [Int: Fragment] = [:]
        /// Whether the renderer was made for no menu at all.
        let isEmpty: Bool

        init(isEmpty: Bool) { self.isEmpty = isEmpty }

        func closedEntry(_ page: Int) -> Fragment? { lock.withLock { closedEntries[page] } }
        func keepClosedEntry(_ page: Int, _ fragment: Fragment) { lock.withLock { closedEntries[page] = fragment } }
    }
    /// The sections a menu opens, and those with an open section under them (whose entries
    /// differ from menu to menu).
    private struct OpenSections {
        /// By section number (`sectionNumbers`).
        let open: Set<Int>
        let branches: Set<Int>

        init(_ open: Set<String>, numbers: [String: Int]) {
            var branches: Set<Int> = []
            for key in open {
                var folder = key
                while !folder.isEmpty {
                    folder = parentPath(folder)
                    if let number = numbers[folder] { branches.insert(number) }
                }
            }
            self.open = Set(open.compactMap { numbers[$0] })
            self.branches = branches
        }
    }
    /// Each section's number, its key by number, and for each page the number of the section
    /// it is the page of (-1: none). A menu asks of every child whether it is a section and
    /// whether it is open: hashing section paths for that was most of making a menu.
    private let sectionNumbers: [String: Int]
    private let sectionKeys: [String]
    private let sectionOfPage: [Int]
    /// How many sections each section's subtree holds (itself excluded), by number.
    private let subtreeSections: [Int]

    /// - Parameter sections: the sections whose menus will be asked for (nil: all). A rebuild
    ///   that re-renders a few pages prepares only their menus.
    init(site: Site, sections wanted: Set<String>? = nil) {
        self.site = site
        // A rebuild that renders no page and no generated page needs no menu at all.
        guard wanted?.isEmpty != true else {
            made = Made(isEmpty: true)
            alwaysOpen = []
            sectionNumbers = [:]
            sectionKeys = []
            sectionOfPage = []
            subtreeSections = []
            return
        }
        made = Made(isEmpty: false)
        alwaysOpen = Self.alwaysOpenSections(site)
        let visibleChildren = site.visibleChildren
        var counts: [String: Int] = [:]
        func count(_ key: String, depth: Int) -> Int {
            if let known = counts[key] { return known }
            var total = 0
            if depth < 64 {  // section keys are folders: a cycle cannot happen, depth is a guard
                for child in visibleChildren[key] ?? [] {
                    if let childKey = site.pages[child].sectionKey, site.sections[childKey] != nil {
                        total += 1 + count(childKey, depth: depth + 1)
                    }
                }
            }
            counts[key] = total
            return total
        }
        for key in site.sections.keys { _ = count(key, depth: 0) }
        let keys = site.sections.keys.sorted()
        let numbers = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($1, $0) })
        sectionNumbers = numbers
        sectionKeys = keys
        sectionOfPage = site.pages.map { page in page.sectionKey.flatMap { numbers[$0] } ?? -1 }
        subtreeSections = keys.map { counts[$0] ?? 0 }
        for key in site.sections.keys.sorted() where wanted?.contains(key) ?? true {
            menus[key] = Menu(fragments(openSection: key))
        }
    }

    /// The same renderer with the menus of these sections prepared instead (a batch of pages).
    func preparing(_ sections: Set<String>) -> NavigationRenderer {
        if made.isEmpty && !site.pages.isEmpty { return NavigationRenderer(site: site, sections: sections) }
        var copy = self
        copy.menus = [:]
        for key in sections.sorted() { copy.menus[key] = menus[key] ?? Menu(copy.fragments(openSection: key)) }
        return copy
    }

    /// The sections open on every page: the home page's, `BookSection`'s, and the only
    /// top-level section of a site that has one (like the corpus' `runbooks`).
    static func alwaysOpenSections(_ site: Site) -> Set<String> {
        var open: Set<String> = [""]
        if let bookSection = site.config.bookSection?.trimmingSlashes(), !bookSection.isEmpty, bookSection != "*" {
            open.insert(bookSection)
        }
        if let home = site.sections[""] {
            let topSections = home.children.filter { site.pages[$0].kind == .section }
            if topSections.count == 1, let key = site.pages[topSections[0]].sectionKey { open.insert(key) }
        }
        return open
    }


    /// The section whose menu a page shows.
    static func menuSection(of page: Page) -> String { page.sectionKey ?? page.parentSection ?? "" }

    /// The menu for a page: open at its own section (for a section page, at itself).
    func html(forPage index: Int) -> String {
        menus[Self.menuSection(of: site.pages[index])]?.html(current: index) ?? ""
    }

    private func link(_ index: Int) -> Fragment {
        let page = site.pages[index]
        let href = escapeHTML(site.publicURL(page.url))
        let title = escapeHTML(page.title)
        return Fragment.link(page: index,
                             plain: "<a href=\"\(href)\">\(title)</a>",
                             current: "<a href=\"\(href)\" aria-current=\"page\">\(title)</a>")
    }

    private func fragments(openSection: String) -> [Fragment] {
        var pageChain: Set<String> = []
        var folder: String? = openSection
        while let current = folder {
            pageChain.insert(current)
            folder = current.isEmpty ? nil : parentPath(current)
        }
        var fragments: [Fragment] = [.markup("<ul class=\"menu-tree\">")]
        guard site.sections[""] != nil else { return [] }
        fragments += children(of: "", opened: OpenSections(pageChain.union(alwaysOpen), numbers: sectionNumbers), pagesToo: true, depth: 0)
        fragments.append(.markup("</ul>"))
        return Self.merged(fragments)
    }

    /// The `<li>` entries of a section's children: when it is open (`pagesToo`), all of them up
    /// to `openListBudget`, then a link to the section's page for the rest; when it is closed,
    /// its subsections only.
    private func children(of key: String, opened: OpenSections, pagesToo: Bool, depth: Int) -> [Fragment] {
        var entries: [Fragment] = []
        let all = site.visibleChildren[key] ?? []
        let listed = pagesToo ? all.prefix(Self.openListBudget) : all[...]
        for child in listed {
            let section = sectionOfPage[child]
            guard section >= 0 else {
                if pagesToo {
                    entries.append(.markup("<li>"))
                    entries.append(link(child))
                    entries.append(.markup("</li>"))
                }
                continue
            }
            // A closed section shows the same entry in every menu that has no open section
            // under it: made once (each of a 100x site's 8,100 menus lists 180 of them), and
            // kept as one piece of markup. It never holds the link of a page that shows this
            // menu: those pages are in the open section, and the sections above it are branches.
            if !opened.open.contains(section), !opened.branches.contains(section) {
                if let known = made.closedEntry(child) {
                    entries.append(known)
                } else {
                    let fragment = Fragment.markup(Self.plainHTML(entry(child, section: section, opened: opened, depth: depth)))
                    made.keepClosedEntry(child, fragment)
                    entries.append(fragment)
                }
                continue
            }
            entries += entry(child, section: section, opened: opened, depth: depth)
        }
        if listed.count < all.count, let section = site.sections[key] {
            let href = escapeHTML(site.publicURL(site.pages[section.page].url))
            entries.append(.markup("<li class=\"menu-more\"><a href=\"\(href)\">\(grouped(all.count - listed.count)) more…</a></li>"))
        }
        return entries
    }

    /// The `<li>` of a child section: a link, and unless it has no visible children, its toggle
    /// and what it lists (all its children when it is open, its subsections when closed).
    private func entry(_ child: Int, section: Int, opened: OpenSections, depth: Int) -> [Fragment] {
        var entries: [Fragment] = []
        let page = site.pages[child]
        let childKey = sectionKeys[section]
        let grandchildren = site.visibleChildren[childKey] ?? []
        guard !grandchildren.isEmpty, depth < 64 else {
            return [.markup("<li>"), link(child), .markup("</li>")]
        }
        let isOpen = opened.open.contains(section)
        var inner: [Fragment] = []
        var complete = true
        if isOpen {
            inner = children(of: childKey, opened: opened, pagesToo: true, depth: depth + 1)
        } else if subtreeSections[section] <= Self.inlineBudget {
            inner = children(of: childKey, opened: opened, pagesToo: false, depth: depth + 1)
            complete = grandchildren.allSatisfy { site.pages[$0].sectionKey != nil }
        } else {
            complete = false
        }
        let more = !complete && MenuJSON.path(for: page) != nil
        if !isOpen && inner.isEmpty && more {
            // A closed section that lists nothing: the script gives it its toggle. Written
            // out, the toggle was two thirds of the entry, and these entries are most of a
            // menu (the sections beside the current branch).
            return [.markup("<li data-more>"), link(child), .markup("</li>")]
        }
        // The link is outside the <summary>: a link inside one is lost to screen readers
        // (axe's nested-interactive); the summary is the toggle beside it.
        entries.append(.markup("<li>"))
        entries.append(link(child))
        entries.append(.markup("<details\(isOpen ? " open" : "")\(more ? " data-more" : "")><summary aria-label=\"\(escapeHTML(page.title))\"></summary>"))
        if !inner.isEmpty { entries += [.markup("<ul>")] + inner + [.markup("</ul>")] }
        entries.append(.markup("</details></li>"))
        return entries
    }

    /// Fragments as HTML with every link plain.
    private static func plainHTML(_ fragments: [Fragment]) -> String {
        var html = ""
        for fragment in fragments {
            switch fragment {
            case .markup(let text): html += text
            case .link(_, let plain, _): html += plain
            }
        }
        return html
    }

    /// Joins neighbouring markup so a page joins fewer, longer strings. Appended in place:
    /// joining each piece onto a copy of the run so far was quadratic in a run's length
    /// (a hundred closed sections in a row), 1.6% of a 10x build.
    private static func merged(_ fragments: [Fragment]) -> [Fragment] {
        var result: [Fragment] = []
        var run = ""
        for fragment in fragments {
            if case .markup(let text) = fragment {
                run += text
                continue
            }
            if !run.isEmpty { result.append(.markup(run)) }
            run = ""
            result.append(fragment)
        }
        if !run.isEmpty { result.append(.markup(run)) }
        return result
    }
}
