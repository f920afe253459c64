import Foundation
import PropertyBased
import Testing
@testable import RunbookKit
import RunbookTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// The content walk on hostile trees: loops end, each real file is published once, and a
/// missing, empty or unreadable folder is an error that names it.
@Suite struct WalkTests {
    @Test func symlinkLoopsEndAndEachFileIsPublishedOnce() throws {
        let site = TestSite("""
            -- content/a/x.md --
            ---
            title: X
            ---
            X.
            -- content/b/y.md --
            ---
            title: Y
            ---
            Y.
            """)
        let links = FileManager.default
        try links.createSymbolicLink(atPath: site.path("content/a/loop"), withDestinationPath: "..")
        try links.createSymbolicLink(atPath: site.path("content/b/self"), withDestinationPath: ".")
        try links.createSymbolicLink(atPath: site.path("content/b/again"), withDestinationPath: "../b")
        try links.createSymbolicLink(atPath: site.path("content/b/z.md"), withDestinationPath: "y.md")
        // Sorted before its target: the page is still published at the target's own path.
        try links.createSymbolicLink(atPath: site.path("content/a/0.md"), withDestinationPath: "../b/y.md")
        let entries = FileTree(root: site.path("content")).files().map(\.relativePath)
        #expect(entries == ["a/x.md", "b/y.md"])
        let result = site.build()
        #expect(result.errorCount == 0)
        #expect(result.site.pages.filter { $0.kind == .page }.map(\.url) == ["/a/x/", "/b/y/"])
    }

    /// Real folders are listed ahead on all cores; the walk still decides in its sorted order:
    /// a folder met first through a link is listed at the link's path and not again at its
    /// own, hidden folders are never entered, and a hard link is listed once.
    @Test func listingAheadKeepsTheSortedWalksChoices() throws {
        let site = TestSite("""
            -- content/c/p.md --
            P.
            -- content/c/deep/er/q.md --
            Q.
            -- content/d/r.md --
            R.
            -- content/.git/s.md --
            S.
            -- content/d/.hidden/t.md --
            T.
            """)
        try FileManager.default.createSymbolicLink(atPath: site.path("content/a"), withDestinationPath: "c")
        #expect(link(site.path("content/d/r.md"), site.path("content/d/r2.md")) == 0)
        let entries = FileTree(root: site.path("content")).files().map(\.relativePath)
        #expect(entries == ["a/deep/er/q.md", "a/p.md", "d/r.md"])
    }

    /// The byte pre-check of ignored names decides as the Character comparisons alone do.
    @Test func ignoredNamesMatchTheCharacterRule() async {
        let pieces = [".", "#", "~", "p", ".swp", ".tmp", "a", "md", "\u{301}", "é", " ", "x.md", "swp", "tmp"]
        let name = Gen<String?>.element(of: pieces).array(of: 0...5).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: name) { name in
            let byCharacters = name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#"))
                || name.hasSuffix(".swp") || name.hasSuffix(".tmp")
            #expect(FileTree.isIgnored(name) == byCharacters, "\(Array(name.unicodeScalars))")
        }
    }

    @Test func aMissingContentFolderSaysWhatWasLookedFor() {
        let site = TestSite("-- rules/r.yml --\ngroups: []\n")
        let result = site.build()
        let missing = result.diagnostics.filter { $0.code == .contentMissing }
        // Without `contentDir` the build says every folder it looked in, as the config loader does.
        #expect(missing.count == 1)
        #expect(missing.first?.location?.file == ".")
        #expect(missing.first?.message == "no content folder: looked for content/, runbooks/, runbook/, alerts/, docs/, playbooks/ and found no Markdown page in any of them; name the folder that holds the pages with `contentDir: <folder>` in config.yaml")
        #expect(result.fails(strict: false))
    }

    @Test func aMissingConfiguredContentFolderIsNamed() {
        let site = TestSite("-- config.yaml --\nrunbook:\n  contentDir: pages\n-- rules/r.yml --\ngroups: []\n")
        let missing = site.build().diagnostics.filter { $0.code == .contentMissing }
        #expect(missing.map(\.message) == ["no content folder: looked for \(site.root)/pages (`contentDir` in config.yaml, content/ by default); create it with a Markdown page, or pass --source"])
        #expect(missing.first?.location?.file == "pages")
    }

    @Test func aContentFolderWithoutPagesIsAnError() {
        let site = TestSite("-- config.yaml --\nrunbook:\n  contentDir: docs\n-- docs/readme.txt --\nnot a page\n")
        let result = site.build()
        let missing = result.diagnostics.filter { $0.code == .contentMissing }
        #expect(missing.map(\.message) == ["the content folder \(site.root)/docs holds no Markdown page (*.md); add one"])
        #expect(missing.first?.location?.file == "docs")
    }

    @Test(.enabled(if: getuid() != 0, "root reads every folder"))
    func anUnreadableFolderIsAnErrorNamingIt() {
        let site = TestSite("-- content/a.md --\n# A\n-- content/locked/b.md --\n# B\n")
        chmod(site.path("content/locked"), 0)
        defer { chmod(site.path("content/locked"), 0o755) }
        let result = site.build()
        let unreadable = result.diagnostics.filter { $0.code == .fileUnreadable }
        #expect(unreadable.map(\.message) == ["cannot read the folder content/locked; check its permissions"])
        #expect(unreadable.first?.location?.file == "content/locked")
    }
}
