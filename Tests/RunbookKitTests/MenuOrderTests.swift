import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Section children and tag pages follow Hugo's default order: weight (unset or 0 last), then
/// title ignoring case, then path. Tags on most pages are put in order through every page's
/// rank, others by their keys; both must give that order.
@Suite struct MenuOrderTests {
    /// Five pages in two sections; `tags` is each page's tag list.
    static func site(tags: String) -> TestSite {
        TestSite("""
            -- content/_index.md --
            ---
            title: Home
            ---
            -- content/b/zeta.md --
            ---
            title: zeta
            weight: 0
            tags: [\(tags)]
            ---
            -- content/b/Alpha.md --
            ---
            title: Alpha
            tags: [\(tags)]
            ---
            -- content/b/mid.md --
            ---
            title: mid
            weight: 1
            tags: [\(tags), rare]
            ---
            -- content/a/x.md --
            ---
            title: alpha
            tags: [\(tags)]
            ---
            -- content/a/heavy.md --
            ---
            title: Heavy
            weight: 5
            tags: [\(tags)]
            ---
            """)
    }

    static let menuOrder = ["b/mid.md", "a/heavy.md", "a/x.md", "b/Alpha.md", "b/zeta.md"]

    static func pages(tagged name: String, in site: Site) -> [String]? {
        site.tags.first { $0.name == name }.map { $0.pages.map { site.pages[$0].contentPath } }
    }

    /// Two tags on every page: more tagged pages than pages, so ordered by rank.
    @Test func tagsOnEveryPageFollowTheMenuOrder() {
        let site = Self.site(tags: "common, both").build().site
        #expect(Self.pages(tagged: "common", in: site) == Self.menuOrder)
        #expect(Self.pages(tagged: "both", in: site) == Self.menuOrder)
        #expect(Self.pages(tagged: "rare", in: site) == ["b/mid.md"])
    }

    /// One tag a page: ordered by the keys themselves.
    @Test func aTagOnFewerPagesFollowsTheSameOrder() {
        let site = Self.site(tags: "common").build().site
        #expect(Self.pages(tagged: "common", in: site) == Self.menuOrder)
    }

    @Test func sectionChildrenFollowTheMenuOrder() {
        let site = Self.site(tags: "common").build().site
        let children = { (key: String) in site.sections[key].map { $0.children.map { site.pages[$0].contentPath } } }
        #expect(children("b") == ["b/mid.md", "b/Alpha.md", "b/zeta.md"])
        #expect(children("a") == ["a/heavy.md", "a/x.md"])
    }
}
