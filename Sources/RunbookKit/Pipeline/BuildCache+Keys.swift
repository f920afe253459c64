/// The keys `serve`'s cache checks before it reuses a result: each names everything a
/// result was made from, so a reused result is always the one a fresh build would make.
extension BuildCache {
    /// The last site with the edited pages swapped in, when no edit touched what the site's
    /// structure is built from; nil otherwise (build it anew).
    static func reuseSite(_ last: (inputs: [Page], site: Site, problems: [Diagnostic])?, pages: [Page],
                                  rules: RuleIndex) -> (Site, [Diagnostic])? {
        guard let last, last.inputs.count == pages.count else { return nil }
        var replacements: [Int: Page] = [:]
        for (old, new) in zip(last.inputs, pages) where old !== new {
            guard old.contentPath == new.contentPath, old.kind == new.kind, old.url == new.url, old.title == new.title,
                  old.frontMatter.weight == new.frontMatter.weight, old.frontMatter.tags == new.frontMatter.tags,
                  let index = last.site.pageIndex(forContentPath: new.contentPath) else { return nil }
            replacements[index] = new
        }
        return (last.site.replacing(replacements, rules: rules), last.problems)
    }

    /// What a page's `rule` shortcodes show: the rules each one found, as parsed (not the
    /// file's bytes: a comment added below the last rule changes nothing, and an edit to one
    /// alert changes the pages that show that alert, not every page of its file), and for one
    /// that found nothing, every file's alert names (its closest name and the file defining
    /// the alert come from them). Whether a shortcode resolves cannot change without one of
    /// these changing too, so the earlier result tells which applies. Checked for every page
    /// on every rebuild: it keeps the resolved file names, and looks at a shortcode's rules
    /// only when their file's content changed.
    struct RuleDependency: Sendable {
        struct Shown: Sendable {
            /// The file, as `RuleIndex.files` names it.
            let key: String
            /// The file's `contentKey` (nil: absent).
            let content: Int?
            let alert: String
            /// The rules the shortcode found, as shown (`AlertRule.combineShown`).
            let rules: Int
        }

        /// Which files there were: what the shortcodes' paths resolved against.
        let filesKey: Int
        /// Every file's alert names, when a shortcode found nothing.
        let namesKey: Int?
        let shown: [Shown]

        init(_ references: [ExpandedBody.RuleReference], rules: RuleIndex) {
            filesKey = references.isEmpty ? 0 : rules.filesKey
            namesKey = references.contains { $0.rules.isEmpty } ? rules.namesKey : nil
            // Each file and alert once: a page naming one rule 2,000 times hashed it 2,000 times.
            var seen = Set<AlertID>()
            shown = references.compactMap { reference in
                rules.fileKey(forShortcodePath: reference.path).flatMap { key in
                    guard seen.insert(AlertID(file: key, name: reference.alert)).inserted else { return nil }
                    return Shown(key: key, content: rules.files[key]?.contentKey, alert: reference.alert,
                                 rules: Self.rulesKey(rules, file: key, alert: reference.alert))
                }
            }
        }

        func holds(in rules: RuleIndex) -> Bool {
            if shown.isEmpty && namesKey == nil && filesKey == 0 { return true }
            guard filesKey == rules.filesKey, namesKey == nil || namesKey == rules.namesKey else { return false }
            return shown.allSatisfy { entry in
                let file = rules.files[entry.key]
                return file?.contentKey == entry.content || Self.rulesKey(rules, file: entry.key, alert: entry.alert) == entry.rules
            }
        }

        private static func rulesKey(_ rules: RuleIndex, file: String, alert: String) -> Int {
            var hasher = Hasher()
            for rule in rules.rules(named: alert, inFile: file) { rule.combineShown(into: &hasher) }
            return hasher.finalize()
        }
    }

    /// What shortcodes and links resolve against: which page has which URL.
    static func structureKey(_ site: Site) -> Int {
        var hasher = Hasher()
        hasher.combine(site.config.basePath)
        hasher.combine(site.config.origin)
        for page in site.pages {
            hasher.combine(page.contentPath)
            hasher.combine(page.url)
        }
        return hasher.finalize()
    }

    /// What the tag pages show: the tagged pages' titles, URLs, order and tags, the home page's menu.
    static func tagPagesKey(site: Site, templates: Int, menus: MenuKeys) -> Int {
        var hasher = Hasher()
        hasher.combine(templates)
        hasher.combine(site.config.basePath)
        hasher.combine(menus.key(forMenuAt: ""))
        for (index, page) in site.pages.enumerated() where !page.frontMatter.tags.isEmpty {
            hasher.combine(menus.places[index])
            hasher.combine(page.frontMatter.tags)
        }
        return hasher.finalize()
    }

    /// What the alert files show: the rules as parsed, which page shows which alert, page URLs (runbook
    /// annotations resolve to URLs), the home page's menu; the catalogue also page titles.
    /// - Returns: the catalogue's key and the key of the permalinks and `alerts.json`, in one pass.
    static func alertKeys(site: Site, contents: [RenderedPage?], templates: Int, menus: MenuKeys) -> (catalogue: Int, links: Int) {
        var links = Hasher()
        links.combine(templates)
        links.combine(site.config.basePath)
        links.combine(menus.key(forMenuAt: ""))
        for file in site.rules.sortedFiles { links.combine(file.contentKey) }
        var titles = Hasher()
        for (index, page) in site.pages.enumerated() {
            links.combine(page.url)
            titles.combine(page.title)
            for rule in contents[index]?.rules ?? [] {
                links.combine(rule.file)
                links.combine(rule.name)
            }
        }
        let linksKey = links.finalize()
        titles.combine(linksKey)
        return (titles.finalize(), linksKey)
    }

    /// For each page, a key of everything its file shows: its own file and body, the site-wide
    /// fields, its menu, breadcrumbs and neighbours, and for a section its children's entries.
    ///
    /// The menu is keyed by the section it opens at (`MenuKeys`), not by every page of the
    /// site: a title or weight edit in one section re-renders that section's pages, its
    /// neighbours in the reading order and its parents, not the other thousand pages.
    static func pageFileKeys(site: Site, generations: [Int], templates: Int, menus: MenuKeys) -> [Int] {
        var global = Hasher()
        global.combine(templates)
        global.combine(site.config.basePath)
        global.combine(site.tags.isEmpty)
        global.combine(SiteRenderer.alertsPageURL(site))
        global.combine(site.rules.alerts.isEmpty)
        let shared = global.finalize()
        var position = [Int](repeating: -1, count: site.pages.count)
        for (place, index) in site.readingOrder.enumerated() { position[index] = place }
        return site.pages.indices.map { index in
            let page = site.pages[index]
            var hasher = Hasher()
            hasher.combine(shared)
            hasher.combine(generations[index])
            hasher.combine(menus.key(forMenuAt: NavigationRenderer.menuSection(of: page)))
            // Breadcrumbs show the ancestors, which are sections: in the menu key's sections part.
            let place = position[index]
            for neighbour in [place - 1, place + 1] where place >= 0 && site.readingOrder.indices.contains(neighbour) {
                hasher.combine(menus.places[site.readingOrder[neighbour]])
            }
            if let section = site.section(of: index) {
                for child in section.children {
                    let entry = site.pages[child]
                    hasher.combine(menus.places[child])
                    hasher.combine(entry.kind.rawValue)
                    hasher.combine(entry.frontMatter.description)
                    hasher.combine(generations[child])
                    for grandchild in entry.sectionKey.flatMap({ site.sections[$0] })?.children ?? [] {
                        hasher.combine(site.pages[grandchild].kind.rawValue)
                    }
                }
            }
            return hasher.finalize()
        }
    }

    /// What a menu shows, by the section it is open at: every section's place and the kinds
    /// and visibility of its children (closed sections list their subsections, or say there is
    /// more), and the pages of the sections on the open chain and of those always open.
    final class MenuKeys {
        private let sections: Int
        private let children: [String: Int]
        private let alwaysOpen: [String]
        /// Keys by section, made when first asked (every page of a section asks).
        private var known: [String: Int] = [:]
        /// Each page's place in every menu (`combineMenuPlace`), by page index: hashed once
        /// here, then combined by the menus, neighbours, sections and tag pages that show it.
        let places: [Int]

        init(site: Site) {
            let places = site.pages.map { page in
                var hasher = Hasher()
                combineMenuPlace(of: page, into: &hasher)
                return hasher.finalize()
            }
            self.places = places
            var all = Hasher()
            for key in site.sections.keys.sorted() {
                guard let section = site.sections[key] else { continue }
                all.combine(key)
                all.combine(places[section.page])
                // A closed section shows its subsections in order, and whether it has visible
                // pages (the list is then incomplete); where its pages stand among each other
                // only shows when it is open, in `children`.
                var visiblePages = false
                for child in section.children {
                    let page = site.pages[child]
                    guard let childKey = page.sectionKey, site.sections[childKey] != nil else {
                        visiblePages = visiblePages || !page.frontMatter.bookHidden
                        continue
                    }
                    all.combine(child)
                    all.combine(page.frontMatter.bookHidden)
                }
                all.combine(visiblePages)
            }
            sections = all.finalize()
            var children: [String: Int] = [:]
            for (key, section) in site.sections {
                var hasher = Hasher()
                for child in section.children { hasher.combine(places[child]) }
                children[key] = hasher.finalize()
            }
            self.children = children
            alwaysOpen = NavigationRenderer.alwaysOpenSections(site).sorted()
        }

        func key(forMenuAt section: String) -> Int {
            if let key = known[section] { return key }
            var hasher = Hasher()
            hasher.combine(sections)
            for key in alwaysOpen { hasher.combine(children[key]) }
            var folder: String? = section
            var depth = 0
            while let current = folder, depth < 256 {
                hasher.combine(children[current])
                folder = current.isEmpty ? nil : parentPath(current)
                depth += 1
            }
            let key = hasher.finalize()
            known[section] = key
            return key
        }

        /// What every section's `menu.json` shows: each section's place and its children's.
        var allSections: Int {
            var hasher = Hasher()
            hasher.combine(sections)
            for key in children.keys.sorted() {
                hasher.combine(key)
                hasher.combine(children[key])
            }
            return hasher.finalize()
        }
    }

    /// For each page, a key of what its search document holds: its title, URL, section's title,
    /// tags, description and body. Narrower than `pageFileKeys`: a title edit elsewhere changes
    /// every page's menu but no other page's document, and remaking them all cost half a second.
    static func searchDocumentKeys(site: Site, generations: [Int]) -> [Int] {
        site.pages.indices.map { index in
            let page = site.pages[index]
            var hasher = Hasher()
            hasher.combine(site.config.basePath)
            hasher.combine(page.url)
            hasher.combine(page.title)
            hasher.combine(site.parent(of: index).map { site.pages[$0].title })
            hasher.combine(page.frontMatter.tags)
            hasher.combine(page.frontMatter.description)
            hasher.combine(generations[index])
            return hasher.finalize()
        }
    }

    /// What every page's menu shows of a page: its address, title, order, visibility and place.
    private static func combineMenuPlace(of page: Page, into hasher: inout Hasher) {
        hasher.combine(page.url)
        hasher.combine(page.title)
        hasher.combine(page.frontMatter.weight)
        hasher.combine(page.frontMatter.bookHidden)
        hasher.combine(page.parentSection)
    }
}
