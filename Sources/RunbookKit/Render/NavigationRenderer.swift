/// The menu in every page's sidebar: the home page's sections, with the branch that leads to
/// the current page open and everything else collapsed to one link (a section's page lists
/// its children). Pages stay small: hugo-book prints the whole tree into every page.
///
/// The menu depends only on which section is open, so it is prepared once per section as a
/// list of fragments; each page only joins them, marking its own link as the current one.
struct NavigationRenderer: Sendable {
    private enum Fragment: Sendable {
        case markup(String)
        /// A link: its page, and the HTML with and without `aria-current`.
        case link(page: Int, plain: String, current: String)
    }

    private let site: Site
    private var menus: [String: [Fragment]] = [:]
    /// Sections whose children show on every page (hugo-book's `BookSection`).
    private let alwaysOpen: Set<String>

    init(site: Site) {
        self.site = site
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
        for key in site.sections.keys.sorted() {
            menus[key] = fragments(openSection: key)
        }
    }

    /// The menu for a page: open at its own section (for a section page, at itself).
    func html(forPage index: Int) -> String {
        let page = site.pages[index]
        let key = page.sectionKey ?? page.parentSection ?? ""
        guard let fragments = menus[key] else { return "" }
        var result = ""
        result.reserveCapacity(8192)
        for fragment in fragments {
            switch fragment {
            case .markup(let text): result += text
            case let .link(target, plain, current): result += target == index ? current : plain
            }
        }
        return result
    }

    private func fragments(openSection: String) -> [Fragment] {
        var openChain: Set<String> = alwaysOpen
        var folder: String? = openSection
        while let current = folder {
            openChain.insert(current)
            folder = current.isEmpty ? nil : parentPath(current)
        }
        var fragments: [Fragment] = [.markup("<ul class=\"menu-tree\">")]
        guard let home = site.sections[""] else { return [] }
        appendChildren(of: home, openChain: openChain, into: &fragments)
        fragments.append(.markup("</ul>"))
        return merged(fragments)
    }

    private func appendChildren(of section: Site.Section, openChain: Set<String>, into fragments: inout [Fragment]) {
        for child in section.children {
            let page = site.pages[child]
            if page.frontMatter.bookHidden { continue }
            let link = linkFragment(child)
            if let key = page.sectionKey, let childSection = site.sections[key] {
                let isOpen = openChain.contains(key)
                let hasChildren = childSection.children.contains { !site.pages[$0].frontMatter.bookHidden }
                fragments.append(.markup("<li class=\"menu-section\(isOpen ? " is-open" : "")\(hasChildren ? "" : " is-empty")\">"))
                fragments.append(link)
                if isOpen && hasChildren {
                    fragments.append(.markup("<ul>"))
                    appendChildren(of: childSection, openChain: openChain, into: &fragments)
                    fragments.append(.markup("</ul>"))
                }
                fragments.append(.markup("</li>"))
            } else {
                fragments.append(.markup("<li>"))
                fragments.append(link)
                fragments.append(.markup("</li>"))
            }
        }
    }

    private func linkFragment(_ index: Int) -> Fragment {
        let page = site.pages[index]
        let href = escapeHTML(site.publicURL(page.url))
        let title = escapeHTML(page.title)
        return .link(page: index,
                     plain: "<a href=\"\(href)\">\(title)</a>",
                     current: "<a href=\"\(href)\" aria-current=\"page\">\(title)</a>")
    }

    /// Joins neighbouring markup so a page joins fewer, longer strings.
    private func merged(_ fragments: [Fragment]) -> [Fragment] {
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
