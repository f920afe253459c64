import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// A runbook repository written to be read on GitHub: no config, no front matter, pages under
/// `alerts/`, a README per folder, links and images relative to the Markdown file.
@Suite struct PlainMarkdownRepoTests {
    static let repo = """
        -- alerts/README.md --
        # Alert runbooks

        Start with [disk full](node/DiskFull.md) or [the helpers](helpers/).
        -- alerts/OWNERS --
        team-storage
        -- alerts/Other.md --
        # Other runbook

        Back to [the list](README.md).
        -- alerts/helpers/README.md --
        # Helper scripts

        See [check](../node/helpers/check.md).
        -- alerts/node/DiskFull.md --
        # Disk full

        ![graph](img/graph.png)

        ![diagram](./diagram.svg "The disk")

        Run [the check](helpers/check.md#run-it), see [other](../Other.md) or [all helpers](../helpers/).
        -- alerts/node/img/graph.png --
        png
        -- alerts/node/diagram.svg --
        <svg xmlns="http://www.w3.org/2000/svg"/>
        -- alerts/node/helpers/check.md --
        Checks the disk.

        # Check the disk

        ## Run it

        `df -h`
        """

    @Test func contentFolderIsFoundWithoutConfig() {
        let site = TestSite(Self.repo)
        let (config, problems) = ConfigLoader.load(sourceDirectory: site.root)
        #expect(problems.isEmpty)
        #expect(config.contentDir == "alerts")
    }

    @Test func titlesComeFromTheFirstHeading() throws {
        let result = TestSite(Self.repo).build()
        #expect(result.report == [])
        let site = result.site
        let titles = Dictionary(uniqueKeysWithValues: site.pages.map { ($0.url, $0.title) })
        #expect(titles["/"] == "Alert runbooks")
        #expect(titles["/other/"] == "Other runbook")
        #expect(titles["/helpers/"] == "Helper scripts")
        #expect(titles["/node/diskfull/"] == "Disk full")
        #expect(titles["/node/helpers/check/"] == "Check the disk")  // a line of text before the heading
        // The heading is the page's own: the theme does not add a second <h1>.
        let page = try #require(result.file("node/diskfull/index.html"))
        #expect(page.components(separatedBy: "<h1").count == 2)
        #expect(page.contains("<title>Disk full · "))
    }

    @Test func readmeIsTheFolderIndex() {
        let result = TestSite(Self.repo).build()
        let site = result.site
        let home = site.sections[""].map { site.pages[$0.page] }
        #expect(home?.sourcePath == "alerts/README.md")
        let helpers = site.sections["helpers"].map { site.pages[$0.page] }
        #expect(helpers?.sourcePath == "alerts/helpers/README.md")
        #expect(helpers?.kind == .section)
        let paths = Set(result.outputs.map(\.path))
        #expect(paths.contains("index.html") && paths.contains("helpers/index.html"))
        #expect(!paths.contains("readme/index.html") && !paths.contains("helpers/readme/index.html"))
    }

    @Test func relativeLinksAndImagesResolveAsOnGitHub() throws {
        let result = TestSite(Self.repo).build()
        let html = try #require(result.content(ofPage: "/node/diskfull/"))
        #expect(html.contains("<img src=\"/node/img/graph.png\" alt=\"graph\" />"))
        #expect(html.contains("<img src=\"/node/diagram.svg\" alt=\"diagram\" title=\"The disk\" />"))
        #expect(html.contains("<a href=\"/node/helpers/check/#run-it\">the check</a>"))
        #expect(html.contains("<a href=\"/other/\">other</a>"))
        #expect(html.contains("<a href=\"/helpers/\">all helpers</a>"))
        let home = try #require(result.content(ofPage: "/"))
        #expect(home.contains("<a href=\"/node/diskfull/\">disk full</a>"))
        #expect(home.contains("<a href=\"helpers/\">the helpers</a>"))  // already right from /
        #expect(try #require(result.content(ofPage: "/other/")).contains("<a href=\"/\">the list</a>"))
        // Files beside the pages are published where the rewritten links point.
        let files = Set(result.staticFiles.map(\.outputPath))
        #expect(files.contains("node/img/graph.png") && files.contains("node/diagram.svg"))
    }

    @Test func lintIsClean() {
        let site = TestSite(Self.repo)
        let result = LintFixture.lint(site)
        #expect(result.diagnostics.filter { $0.severity >= .warning }.isEmpty, "\(result.diagnostics.listing)")
    }

    @Test func hugoFormsKeepWorking() throws {
        let site = TestSite("""
            -- content/_index.md --
            ---
            title: Home
            ---
            -- content/docs/bundle/index.md --
            ---
            title: Bundle
            ---
            ![inside](shot.png) [abs](/static.txt) [ref]({{< ref "docs/bundle" >}})
            -- content/docs/bundle/shot.png --
            png
            -- content/runbooks/A.md --
            ---
            title: A
            ---
            [up](../other-page/) ![logo](/images/logo.png)
            -- static/images/logo.png --
            png
            -- static/static.txt --
            text
            """)
        let result = site.build()
        #expect(result.report == [])
        let bundle = try #require(result.content(ofPage: "/docs/bundle/"))
        #expect(bundle.contains("<img src=\"shot.png\" alt=\"inside\" />"))  // already right from /bundle/
        #expect(bundle.contains("<a href=\"/static.txt\">abs</a>"))
        #expect(bundle.contains("<a href=\"/docs/bundle/\">ref</a>"))
        let page = try #require(result.content(ofPage: "/runbooks/a/"))
        #expect(page.contains("<a href=\"../other-page/\">up</a>"))  // names nothing either way: left for lint
        #expect(page.contains("<img src=\"/images/logo.png\" alt=\"logo\" />"))
    }

    @Test func titleMissingOnlyWithoutHeading() {
        let site = TestSite("""
            -- content/a.md --
            Just text.
            -- content/b.md --
            # B
            """)
        let result = LintFixture.lint(site)
        #expect(result.diagnostics.places(.titleMissing) == ["content/a.md:1:1"])
    }

    @Test func noContentSaysWhatWasLookedFor() throws {
        let site = TestSite("""
            -- rules/a.yml --
            groups: []
            -- NOTES.md --
            # Notes
            """)
        let (_, problems) = ConfigLoader.load(sourceDirectory: site.root)
        let problem = try #require(problems.first { $0.code == .contentMissing })
        #expect(problem.message.contains("looked for content/, runbooks/, runbook/, alerts/, docs/, playbooks/"))
        #expect(problem.message.contains("NOTES.md"))
        #expect(problem.message.contains("`contentDir: <folder>` in config.yaml"))
    }

    @Test func configuredContentDirIsNotSearched() {
        let site = TestSite("""
            -- config.yaml --
            contentDir: pages
            -- alerts/a.md --
            # A
            """)
        let (config, problems) = ConfigLoader.load(sourceDirectory: site.root)
        #expect(config.contentDir == "pages" && problems.isEmpty)
    }
}

/// Which files are READMEs is asked of every page on every rebuild, so it compares bytes; it
/// must say what the name, lowercased, says.
@Suite struct ReadmeNameTests {
    @Test func readmeInAnyCaseAndOnlyAsTheWholeFileName() {
        let paths = ["README.md", "readme.md", "ReadMe.MD", "a/README.md", "a/b/readme.md", "a/xreadme.md", "a/readme.mdx",
                     "a/readme.md.bak", "readme.m", "a/readme.md/", "a/README", "readme.md/x.md", "é/README.md", "a/README.md\u{301}", "a/RÉADME.md"]
        for path in paths {
            #expect(PageReader.isReadme(path) == ((path.split(separator: "/").last ?? "").lowercased() == "readme.md"), "\(path)")
        }
    }

    @Test func aReadmeStandsForItsFolderOnlyWithoutAnIndex() {
        let chosen = PageReader.indexReadmes(["a/README.md", "a/readme.md", "b/_index.md", "b/README.md", "c/x.md", "README.md", "_index.md"])
        #expect(chosen == ["a/README.md"])
    }
}
