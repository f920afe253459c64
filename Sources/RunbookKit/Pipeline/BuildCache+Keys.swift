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

    /// What the tag pages show: every page's title, URL, order and tags, the home page's menu.
    static func tagPagesKey(site: Site, templates: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(templates)
        hasher.combine(site.config.basePath)
        for page in site.pages {
            combineMenuPlace(of: page, into: &hasher)
            hasher.combine(page.frontMatter.tags)
        }
        return hasher.finalize()
    }

    /// What the alert catalogue shows: the rules, which page shows which alert, page titles
    /// and URLs, the home page's menu.
    static func alertsPageKey(site: Site, contents: [RenderedPage?], templates: Int) -> Int {
        var hasher = Hasher()
        hasher.combine(templates)
        hasher.combine(site.config.basePath)
        for file in site.rules.sortedFiles { hasher.combine(file.fingerprint) }
        for (index, page) in site.pages.enumerated() {
            combineMenuPlace(of: page, into: &hasher)
            for rule in contents[index]?.rules ?? [] {
                hasher.combine(rule.file)
                hasher.combine(rule.name)
            }
        }
        return hasher.finalize()
    }

    /// For each page, a key of everything its file shows: its body, the menu, breadcrumbs and
    /// neighbours (titles, order and places of all pages), and for a section its children's bodies.
    static func pageFileKeys(site: Site, generations: [Int], templates: Int) -> [Int] {
        var navigation = Hasher()
        navigation.combine(templates)
        navigation.combine(site.config.basePath)
        for page in site.pages {
            combineMenuPlace(of: page, into: &navigation)
            navigation.combine(page.kind.rawValue)
            navigation.combine(page.frontMatter.description)
        }
        navigation.combine(site.readingOrder)
        let shared = navigation.finalize()
        return site.pages.indices.map { index in
            var hasher = Hasher()
            hasher.combine(shared)
            hasher.combine(generations[index])
            if let section = site.section(of: index) {
                for child in section.children { hasher.combine(generations[child]) }
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
