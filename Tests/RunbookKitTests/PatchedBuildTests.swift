import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `runbook build` after an edit of a few pages' text takes the patch path
/// (`BuildPipeline+Patch.swift`) from the state the last build kept; whatever was edited, the
/// destination, the diagnostics and the counts must be those of a full build from scratch.
@Suite struct PatchedBuildTests {
    static let fillers = (1...10).map {
        "-- content/runbooks/web/Filler\($0).md --\n---\ntitle: Filler \($0)\ndescription: Filler page \($0)\n---\nFiller text \($0) about proxies.\n\nMore about filler \($0).\n"
    }.joined()

    /// Rules, sections, pages with and without a description, a title from the first heading,
    /// a hidden page, a draft, and enough pages to pass the patch limit.
    static let site = """
        -- config.yaml --
        title: Patch Test
        baseURL: https://runbooks.example.org/
        -- rules/db/db.yml --
        groups:
          - name: Db
            rules:
              - alert: DbDown
                expr: up{job="db"} == 0
                for: 5m
                labels:
                  severity: critical
                annotations:
                  summary: Database down
              - alert: DbSlow
                expr: rate(db_query_seconds_sum[5m]) > 1
                labels:
                  severity: warning
        -- rules/web/web.yml --
        groups:
          - name: Web
            rules:
              - alert: WebDown
                expr: up{job="web"} == 0
                labels:
                  severity: critical
        -- content/_index.md --
        ---
        title: Home
        ---
        Welcome to the runbooks.
        -- content/runbooks/_index.md --
        ---
        title: Runbooks
        ---
        All runbooks.
        -- content/runbooks/db/_index.md --
        ---
        title: Database
        ---
        Database alerts.
        -- content/runbooks/db/DbDown.md --
        ---
        title: DbDown
        description: The database is down
        ---
        {{% rule "db/db.yml" "DbDown" %}}

        ## Meaning

        The primary database does not answer.

        ## Mitigation

        Restart the primary.
        -- content/runbooks/db/DbSlow.md --
        ---
        title: DbSlow
        description: Queries are slow
        ---
        {{% rule "db/db.yml" "DbSlow" %}}

        ## Meaning

        Queries take longer than a second.

        ## Mitigation

        Look at the slow query log.
        -- content/runbooks/db/Notes.md --
        ---
        title: Notes
        ---
        First paragraph of the notes.

        Second paragraph about vacuum, indexes and replication lag.
        -- content/runbooks/db/Untitled.md --
        # Heading Title

        Body of the untitled page.
        -- content/runbooks/db/Hidden.md --
        ---
        title: Hidden
        description: Not in search
        bookHidden: true
        ---
        Hidden text about zebras.

        More hidden text.
        -- content/runbooks/db/Draft.md --
        ---
        title: Draft
        description: A draft
        draft: true
        ---
        Draft text.

        More draft text.
        -- content/runbooks/cache/RedisDown.md --
        ---
        title: RedisDown
        ---
        Redis does not answer.

        ## Mitigation

        Restart redis.
        -- content/runbooks/web/_index.md --
        ---
        title: Web
        ---
        -- content/runbooks/web/WebDown.md --
        ---
        title: WebDown
        description: The web server is down
        tags: [web, outage]
        ---
        Check the load balancer.

        Then check the backends.
        """ + "\n" + fillers

    // MARK: Building as the command line does

    /// The source folder, its destination and its cache folder (outside the destination), and a
    /// scratch folder for the builds from scratch that the patched one is compared with.
    final class Fixture: @unchecked Sendable {
        let site: TestSite
        let scratch = TestSite(files: [:])
        var destination: String { site.root + "/public" }
        var cache: String { site.root + "/.runbook-cache" }
        var statePath: String { BuildState.path(cache: cache, destination: destination) }

        /// `--severity` settings, the same for every build.
        let severity: SeverityPolicy

        init(_ text: String = PatchedBuildTests.site) {
            site = TestSite(text)
            severity = SeverityPolicy()
        }

        init(site: TestSite, severity: SeverityPolicy) {
            self.site = site
            self.severity = severity
        }

        /// `runbook build`: the record when the destination is as it left it, a real writer
        /// updating in place, the record and the state saved in the cache folder.
        /// - Parameters: writer, failRecord: a destination that fails, a record that cannot be saved.
        func build(writer: SiteWriter.FileWriter = .posix, failRecord: Bool = false) -> BuildResult {
            build(destination: destination, cache: cache, writer: writer, failRecord: failRecord)
        }

        func build(destination: String, cache: String?, writer: SiteWriter.FileWriter = .posix,
                   failRecord: Bool = false) -> BuildResult {
            let root = site.root
            let severity = severity
            return site.build { options in
                options.severity = severity
                // A build without a cache folder keeps no state, so it renders its bodies a slice at
                // a time, letting each slice's text go: two pages a slice here, so that every
                // comparison with the patched build also checks the sliced path.
                options.markdownSlice = 2
                if let cache, let manifest = BuildManifest.read(cache: cache, destination: destination),
                   manifest.outputsIntact(in: destination) {
                    options.previousBuild = manifest
                }
                let earlier = options.previousBuild?.published
                options.openDestination = { wanted in
                    try SiteWriter.open(destination: destination, sourceDirectory: root,
                                        protected: ["content", "rules", "templates", "static"], takeOver: false, wanted: wanted,
                                        isOurs: { folder in cache.map { BuildManifest.hasRecord(cache: $0, destination: folder) } ?? false },
                                        writer: writer, earlier: earlier)
                }
                if let cache {
                    options.recordBuild = { manifest in
                        if failRecord { throw CocoaError(.fileWriteOutOfSpace) }
                        try manifest.save(cache: cache, destination: destination)
                    }
                    options.stateLocation = (cache, destination)
                }
            }
        }

        /// A full build of the same sources into a new destination, with no cache.
        func fresh() -> (result: BuildResult, files: [String: [UInt8]]) {
            let destination = scratch.root + "/fresh"
            scratch.remove("fresh")
            let result = build(destination: destination, cache: nil)
            return (result, snapshot(destination))
        }

        /// The state a full build from scratch keeps (its own cache, its own destination).
        func freshState() -> [UInt8]? { freshKeepingState().state }

        /// A full build from scratch into a new destination with a new, empty cache folder:
        /// its result, its files and the state it keeps.
        func freshKeepingState() -> (result: BuildResult, files: [String: [UInt8]], state: [UInt8]?) {
            scratch.remove("state-public")
            scratch.remove("state-cache")
            let destination = scratch.root + "/state-public", cache = scratch.root + "/state-cache"
            let result = build(destination: destination, cache: cache)
            return (result, snapshot(destination), try? FileSystem.readBytes(BuildState.path(cache: cache, destination: destination)))
        }
    }

    /// Builds again and checks the result against a full build from scratch: every file's
    /// bytes, the diagnostics, the counts, and (when it wrote) the state kept for the next build.
    @discardableResult
    func rebuild(_ fixture: Fixture, patched: Bool, _ what: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) -> BuildResult {
        let result = fixture.build()
        #expect((result.patchedPages != nil) == patched, "\(what): patchedPages \(String(describing: result.patchedPages))",
                sourceLocation: sourceLocation)
        #expect(!result.unchanged, "\(what)", sourceLocation: sourceLocation)
        let (full, files) = fixture.fresh()
        #expect(full.patchedPages == nil, sourceLocation: sourceLocation)
        expectSameReport(result, full, what, sourceLocation: sourceLocation)
        if full.fails(strict: false) {
            #expect(result.writeReport == nil && files.isEmpty, "\(what): a failing build writes nothing", sourceLocation: sourceLocation)
            return result
        }
        #expect(result.writeReport != nil && result.writeError == nil, "\(what): \(String(describing: result.writeError))",
                sourceLocation: sourceLocation)
        let written = snapshot(fixture.destination)
        #expect(!written.isEmpty, sourceLocation: sourceLocation)
        #expect(Set(written.keys) == Set(files.keys), "\(what): files only in the patched build: \(Set(written.keys).subtracting(files.keys).sorted()), only in the full one: \(Set(files.keys).subtracting(written.keys).sorted())",
                sourceLocation: sourceLocation)
        let differing = files.keys.filter { written[$0] != nil && written[$0] != files[$0] }.sorted()
        #expect(differing.isEmpty, "\(what): files that differ: \(differing)", sourceLocation: sourceLocation)
        for path in differing.prefix(2) {
            #expect(String(decoding: written[path] ?? [], as: UTF8.self) == String(decoding: files[path] ?? [], as: UTF8.self),
                    "\(what): \(path)", sourceLocation: sourceLocation)
        }
        // The next build starts from what this one kept: the state a full build keeps.
        let kept = try? FileSystem.readBytes(fixture.statePath)
        #expect(kept != nil, "\(what): no state kept", sourceLocation: sourceLocation)
        #expect(kept == fixture.freshState(), "\(what): the state kept differs from a full build's", sourceLocation: sourceLocation)
        return result
    }

    func expectSameReport(_ result: BuildResult, _ full: BuildResult, _ what: String,
                          sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(result.diagnostics.map(\.description) == full.diagnostics.map(\.description), "\(what)", sourceLocation: sourceLocation)
        #expect(result.diagnostics.map(\.fix) == full.diagnostics.map(\.fix), "\(what)", sourceLocation: sourceLocation)
        #expect(result.diagnostics == full.diagnostics, "\(what)", sourceLocation: sourceLocation)
        #expect(result.pageCount == full.pageCount, "\(what)", sourceLocation: sourceLocation)
        #expect(result.resolvedRuleCount == full.resolvedRuleCount, "\(what)", sourceLocation: sourceLocation)
    }

    /// The first build, from nothing: a full one that keeps a state.
    func firstBuild(_ fixture: Fixture) throws {
        let first = fixture.build()
        #expect(first.patchedPages == nil && first.errorCount == 0, "\(first.report)")
        _ = try #require(first.writeReport)
        #expect(FileSystem.kind(of: fixture.statePath) == .file)
    }

    func replace(_ fixture: Fixture, _ path: String, _ old: String, _ new: String,
                 sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let text = fixture.site.read(path) ?? ""
        #expect(text.contains(old), "\(path) lacks \(old)", sourceLocation: sourceLocation)
        fixture.site.write(path, text.replacingOccurrences(of: old, with: new))
    }

    // MARK: Patched

    @Test func aParagraphEditIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Fail over to the replica, then restart the primary.")
        let result = rebuild(fixture, patched: true, "a paragraph edit")
        #expect(result.patchedPages == 1)
        #expect(fixture.site.read("public/runbooks/db/dbdown/index.html")?.contains("Fail over to the replica") == true)
        // Nothing changed since: the next build is a no-op.
        #expect(fixture.build().unchanged)
    }

    /// A section's list shows a described page's description, not its summary: an edit of
    /// such a page's first paragraph is patched (an undescribed page's falls back, below).
    @Test func aDescribedPagesFirstParagraphIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "The primary database does not answer.",
                "The primary database stopped answering its clients.")
        let result = rebuild(fixture, patched: true, "a described page's first paragraph")
        #expect(result.patchedPages == 1)
    }

    @Test func aNewHeadingAndLinkArePatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.append("content/runbooks/db/DbSlow.md",
                            "\n## Escalation\n\nPage the [database owner](DbDown.md) or see [the web](../web/WebDown.md#top).\n")
        rebuild(fixture, patched: true, "a heading and links")
        let page = fixture.site.read("public/runbooks/db/dbslow/index.html") ?? ""
        #expect(page.contains("id=\"escalation\""))
        #expect(page.contains("/runbooks/db/dbdown/"))
    }

    @Test func aShortcodeErrorAppearsAndGoes() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let before = snapshot(fixture.destination)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary, see {{< nosuch >}}.")
        let broken = rebuild(fixture, patched: true, "a shortcode error")
        let error = try #require(broken.diagnostics.first { $0.code == .shortcodeUnknown })
        #expect(error.location?.description == "content/runbooks/db/DbDown.md:13:26")
        #expect(broken.errorCount == 1)
        // A failing build leaves the destination, its record and its state as they were.
        #expect(snapshot(fixture.destination) == before)

        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary, see {{< nosuch >}}.", "Restart the primary at once.")
        let fixed = rebuild(fixture, patched: true, "the error fixed")
        #expect(fixed.diagnostics.isEmpty, "\(fixed.report)")
    }

    /// Made warnings by the config, body diagnostics are written and kept in the state: a
    /// later patch of another page reports them again.
    @Test func aBodyWarningIsKeptAcrossPatchesOfOtherPages() throws {
        let text = Self.site.replacingOccurrences(
            of: "baseURL: https://runbooks.example.org/\n",
            with: "baseURL: https://runbooks.example.org/\nrunbook:\n  severity:\n    rule-not-found: warning\n    ref-not-found: warning\n")
        let fixture = Fixture(text)
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/web/WebDown.md", "Then check the backends.",
                "Then check the backends.\n\n{{% rule \"db/db.yml\" \"DbDwn\" %}}\n\nSee [gone]({{< ref \"runbooks/db/Gone.md\" >}}).")
        let warned = rebuild(fixture, patched: true, "a misspelt alert and a broken ref")
        #expect(warned.diagnostics.map(\.code) == [.ruleNotFound, .refNotFound], "\(warned.report)")
        #expect(warned.diagnostics.first?.location?.description == "content/runbooks/web/WebDown.md:10:1")
        #expect(warned.diagnostics.last?.location?.line == 12)
        // The record the patch saved: the next build, with nothing changed, reports them again.
        let again = fixture.build()
        #expect(again.unchanged && again.diagnostics.map(\.description) == warned.diagnostics.map(\.description))
        #expect(again.pageCount == warned.pageCount && again.resolvedRuleCount == warned.resolvedRuleCount)

        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary now.")
        let other = rebuild(fixture, patched: true, "another page edited")
        #expect(other.diagnostics == warned.diagnostics)

        replace(fixture, "content/runbooks/web/WebDown.md", "\"DbDwn\"", "\"DbDown\"")
        // It now shows a rule: the alert files link it, so everything is built again.
        let fixed = rebuild(fixture, patched: false, "the alert's name fixed")
        #expect(fixed.diagnostics.map(\.code) == [.refNotFound])
    }

    /// A load diagnostic (read as the text is loaded, before any page is read) comes and goes too.
    @Test func aNulByteWarningAppearsAndGoes() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbSlow.md", "Look at the slow query log.", "Look at the slow\u{0} query log.")
        let warned = rebuild(fixture, patched: true, "a NUL byte")
        #expect(warned.diagnostics.map(\.code) == [.controlCharacter], "\(warned.report)")
        #expect(warned.diagnostics.first?.location?.line == 13)
        replace(fixture, "content/runbooks/db/DbSlow.md", "Look at the slow\u{0} query log.", "Look at the slow query logs.")
        let clean = rebuild(fixture, patched: true, "the NUL byte gone")
        #expect(clean.diagnostics.isEmpty, "\(clean.report)")
    }

    /// Two pages show the same alert: the alert's permalink and the catalogue name one of
    /// them, and each page's rule block is the same.
    @Test func aSecondPageShowingAnAlertIsPatched() throws {
        let fixture = Fixture(Self.site + "-- content/runbooks/web/DbFromWeb.md --\n---\ntitle: DbFromWeb\ndescription: The web's view\n---\nThe web sees the database go.\n\n{{% rule \"db/db.yml\" \"DbDown\" %}}\n\n## Mitigation\n\nAsk the database team.\n")
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/web/DbFromWeb.md", "Ask the database team.", "Ask the database team at once.")
        rebuild(fixture, patched: true, "the second page showing an alert")
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary at once.")
        rebuild(fixture, patched: true, "the first page showing an alert")
    }

    /// The rule block moves down the page: what the alert files link is the rule, not where
    /// the page shows it.
    @Test func aHeadingAboveTheRuleBlockIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "{{% rule", "## Alert\n\n{{% rule")
        rebuild(fixture, patched: true, "a heading above the rule block")
    }

    /// A folder without `_index.md`: its list, made by the tool, shows the page's summary.
    @Test func aPageOfAnImplicitSectionIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/cache/RedisDown.md", "Restart redis.", "Restart redis, then flush its cache.")
        rebuild(fixture, patched: true, "a page of an implicit section")
    }

    /// A tagged page: its tags' lists show its description.
    @Test func aTaggedPageIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/web/WebDown.md", "Then check the backends.", "Then drain the backends.")
        rebuild(fixture, patched: true, "a tagged page")
        #expect(fixture.site.exists("public/tags/outage/index.html"))
    }

    /// Rule files' problems come from the state's parsed files: reported as a full build does, once.
    @Test func aRuleFileWarningIsReportedAsByAFullBuild() throws {
        let fixture = Fixture(Self.site.replacingOccurrences(of: "  - name: Web\n", with: "  - name: Web # front end\u{2028}\n"))
        try firstBuild(fixture)
        #expect(fixture.build().diagnostics.map(\.code) == [.unusualLineBreak])
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary at once.")
        let result = rebuild(fixture, patched: true, "with a rule file's warning")
        #expect(result.diagnostics.map(\.code) == [.unusualLineBreak], "\(result.report)")
    }

    /// Links to files beside the page, and a leaf bundle (`index.md` with its image).
    @Test func linksToFilesAndALeafBundleArePatched() throws {
        let fixture = Fixture(Self.site + """
            -- content/runbooks/db/diagram.svg --
            <svg xmlns="http://www.w3.org/2000/svg"/>
            -- content/runbooks/bundle/index.md --
            ---
            title: Bundle
            ---
            A bundled page.

            ![Its picture](picture.svg)
            -- content/runbooks/bundle/picture.svg --
            <svg xmlns="http://www.w3.org/2000/svg"/>
            """)
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary ([diagram](diagram.svg), ![inline](diagram.svg)).")
        replace(fixture, "content/runbooks/bundle/index.md", "![Its picture](picture.svg)", "![Its picture](picture.svg) and [the bundle](./)")
        let result = rebuild(fixture, patched: true, "links to files")
        #expect(result.patchedPages == 2)
    }

    /// A page titled by its first heading, edited below it.
    @Test func aPageTitledByItsHeadingIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.append("content/runbooks/db/Untitled.md", "\nA second paragraph.\n")
        rebuild(fixture, patched: true, "a page titled by its heading")
    }

    /// Menus that open and collapse by section, a base path, aliases, weights, no table of
    /// contents: the edited pages' files are made as a full build makes them.
    @Test func aSiteWithMenuSettingsAndABasePathIsPatched() throws {
        var text = Self.site.replacingOccurrences(of: "baseURL: https://runbooks.example.org/\n",
                                                  with: "baseURL: https://example.org/docs/\nparams:\n  BookSection: runbooks\n  BookRepo: https://github.com/example/runbooks\n")
        text = text.replacingOccurrences(of: "title: Database\n", with: "title: Database\nbookCollapseSection: true\nweight: 3\n")
        text = text.replacingOccurrences(of: "title: Web\n", with: "title: Web\nbookFlatSection: true\nweight: 1\n")
        text = text.replacingOccurrences(of: "title: DbSlow\n", with: "title: DbSlow\naliases: [/old/dbslow/]\nbookToc: false\nweight: 1\n")
        let fixture = Fixture(text)
        try firstBuild(fixture)
        fixture.site.append("content/runbooks/db/DbSlow.md", "\n## One\n\nText.\n\n## Two\n\nMore [home](/) and [web](/runbooks/web/).\n")
        replace(fixture, "content/runbooks/web/Filler4.md", "More about filler 4.", "More about filler 4, with [a link](../../db/DbDown.md).")
        replace(fixture, "content/runbooks/cache/RedisDown.md", "Restart redis.", "Restart redis twice.")
        let result = rebuild(fixture, patched: true, "menus and a base path")
        #expect(result.patchedPages == 3)
        #expect(fixture.site.read("public/runbooks/db/dbslow/index.html")?.contains("/docs/") == true)
    }

    /// The site's own page template.
    @Test func aCustomPageTemplateIsPatched() throws {
        let fixture = Fixture(Self.site + "-- templates/page.mustache --\n{{<layout}}{{$main}}<p>custom {{page.title}}</p>{{{page.content}}}{{/main}}{{/layout}}\n")
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        rebuild(fixture, patched: true, "a custom page template")
        #expect(fixture.site.read("public/runbooks/db/dbdown/index.html")?.contains("<p>custom DbDown</p>") == true)
    }

    /// TOML front matter, Windows line breaks, a byte order mark: the body is found alike.
    @Test func pagesInOtherFormatsArePatched() throws {
        let fixture = Fixture(Self.site)
        fixture.site.write("content/runbooks/db/Toml.md", "+++\ntitle = \"Toml\"\ndescription = \"In TOML\"\n+++\nFirst.\n\nSecond.\n")
        fixture.site.write("content/runbooks/db/Crlf.md", "---\r\ntitle: Crlf\r\n---\r\nFirst.\r\n\r\nSecond.\r\n")
        fixture.site.write("content/runbooks/db/Bom.md", "\u{FEFF}---\ntitle: Bom\n---\nFirst.\n\nSecond.\n")
        try firstBuild(fixture)
        for name in ["Toml", "Crlf", "Bom"] {
            replace(fixture, "content/runbooks/db/\(name).md", "Second.", "Second, {{< nosuch >}} edited.")
        }
        let broken = rebuild(fixture, patched: true, "other formats, with errors")
        #expect(broken.diagnostics.map { "\($0.location?.file ?? ""):\($0.location?.line ?? 0)" }.sorted()
                == ["content/runbooks/db/Bom.md:6", "content/runbooks/db/Crlf.md:6", "content/runbooks/db/Toml.md:7"], "\(broken.report)")
        for name in ["Toml", "Crlf", "Bom"] {
            replace(fixture, "content/runbooks/db/\(name).md", "{{< nosuch >}}", "then")
        }
        rebuild(fixture, patched: true, "other formats")
    }

    @Test func twoPagesAtOnceArePatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Promote the standby.")
        replace(fixture, "content/runbooks/web/WebDown.md", "Then check the backends.", "Then restart nginx.")
        let result = rebuild(fixture, patched: true, "two pages")
        #expect(result.patchedPages == 2)
    }

    @Test func aHiddenPageIsPatched() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/Hidden.md", "More hidden text.", "More hidden text about giraffes.")
        rebuild(fixture, patched: true, "a hidden page")
        #expect(fixture.site.read("public/runbooks/db/hidden/index.html")?.contains("giraffes") == true)
    }

    @Test func aDraftIsPatchedAndStillNotPublished() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/Draft.md", "More draft text.", "More draft text about ostriches.")
        let result = rebuild(fixture, patched: true, "a draft")
        #expect(result.patchedPages == 0)
        #expect(!fixture.site.exists("public/runbooks/db/draft"))
    }

    @Test func searchTermsAddedAndRemovedMatchAFullBuild() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let before = snapshot(fixture.destination).filter { $0.key.hasPrefix("search/") }
        replace(fixture, "content/runbooks/db/Notes.md", "Second paragraph about vacuum, indexes and replication lag.",
                "Quokka wombat platypus echidna kookaburra. Xylophone zeppelin yacht. Checkpoints, autovacuum and WAL archiving.\n\n## Quirks\n\nNumbats.")
        rebuild(fixture, patched: true, "search terms")
        let after = snapshot(fixture.destination).filter { $0.key.hasPrefix("search/") }
        #expect(after != before)
        // Shards come and go (the patched destination must lose the old ones, as the state does).
        #expect(!Set(after.keys).subtracting(before.keys).isEmpty, "\(after.keys.sorted())")
        #expect(!Set(before.keys).subtracting(after.keys).isEmpty, "\(before.keys.sorted())")
        #expect(after.values.contains { String(decoding: $0, as: UTF8.self).contains("quokka") })
        #expect(!after.values.contains { String(decoding: $0, as: UTF8.self).contains("replication") })
        // And back: the terms come back, the new ones go.
        replace(fixture, "content/runbooks/db/Notes.md",
                "Quokka wombat platypus echidna kookaburra. Xylophone zeppelin yacht. Checkpoints, autovacuum and WAL archiving.\n\n## Quirks\n\nNumbats.",
                "Second paragraph about vacuum, indexes and replication lag.")
        rebuild(fixture, patched: true, "search terms back")
    }

    /// Enough new terms under one letter to split its shard by longer keys, then gone again:
    /// the shards' layout the state keeps must follow.
    @Test func aShardThatSplitsAndMergesAgainMatchesAFullBuild() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        func shards() -> Set<String> {
            Set(snapshot(fixture.destination).keys.filter { $0.hasPrefix("search") && !$0.hasPrefix("search/pages/") })
        }
        let before = shards()
        var rng = PatchedBuildRandomEditTests.Seeded(state: 7)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        let words = (0..<3000).map { _ in "q" + String((0..<6).map { _ in letters.randomElement(using: &rng) ?? "q" }) }
        let paragraph = "\n" + words.joined(separator: " ") + "\n"
        fixture.site.append("content/runbooks/db/Notes.md", paragraph)
        rebuild(fixture, patched: true, "a shard split")
        let split = shards()
        #expect(split.count > before.count + 5, "\(split.sorted())")
        // Half the words go to another page: the shards' postings change, their layout stays.
        replace(fixture, "content/runbooks/db/Notes.md", paragraph, "\n" + words.prefix(1500).joined(separator: " ") + "\n")
        fixture.site.append("content/runbooks/web/WebDown.md", "\n" + words.suffix(1500).joined(separator: " ") + "\n")
        rebuild(fixture, patched: true, "the terms moved")
        replace(fixture, "content/runbooks/db/Notes.md", "\n" + words.prefix(1500).joined(separator: " ") + "\n", "")
        replace(fixture, "content/runbooks/web/WebDown.md", "\n" + words.suffix(1500).joined(separator: " ") + "\n", "\n")
        rebuild(fixture, patched: true, "the shard merged")
        #expect(shards() == before)
    }

    // MARK: Falls back to a full build

    @Test(arguments: [
        ("a front matter title", "content/runbooks/db/DbSlow.md", "title: DbSlow", "title: Slow queries"),
        ("a first-heading title", "content/runbooks/db/Untitled.md", "# Heading Title", "# Another Title"),
        ("a section's body", "content/runbooks/db/_index.md", "Database alerts.", "Alerts about databases."),
        ("the home page's body", "content/_index.md", "Welcome to the runbooks.", "Welcome."),
        ("a summary", "content/runbooks/db/Notes.md", "First paragraph of the notes.", "A new first paragraph."),
        ("a rule shown", "content/runbooks/web/WebDown.md", "Then check the backends.",
         "Then check the backends.\n\n{{% rule \"web/web.yml\" \"WebDown\" %}}"),
        ("a rule no longer shown", "content/runbooks/db/DbSlow.md", "{{% rule \"db/db.yml\" \"DbSlow\" %}}", "Slow."),
        ("a rule file", "rules/db/db.yml", "> 1", "> 2"),
        ("a page emptied", "content/runbooks/web/WebDown.md", "Check the load balancer.\n\nThen check the backends.\n", ""),
    ])
    func fallsBack(what: String, path: String, old: String, new: String) throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        replace(fixture, path, old, new)
        rebuild(fixture, patched: false, "\(what)")
    }

    @Test func aNewPageFallsBack() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.write("content/runbooks/web/New.md", "---\ntitle: New\n---\nA new page.\n")
        rebuild(fixture, patched: false, "a new page")
    }

    @Test func aDeletedPageFallsBack() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.remove("content/runbooks/web/Filler3.md")
        rebuild(fixture, patched: false, "a deleted page")
        #expect(!fixture.site.exists("public/runbooks/web/filler3"))
    }

    @Test func morePagesThanTheLimitFallBack() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let limit = BuildPipeline.patchLimit(pages: 19)
        #expect(limit == 8)
        for n in 1...limit {
            replace(fixture, "content/runbooks/web/Filler\(n).md", "More about filler \(n).", "Less about filler \(n).")
        }
        rebuild(fixture, patched: true, "as many pages as the limit")
        for n in 1...(limit + 1) {
            replace(fixture, "content/runbooks/web/Filler\(n).md", "about filler \(n).", "on filler \(n).")
        }
        rebuild(fixture, patched: false, "one page more than the limit")
    }

    @Test func relativeURLsFallBack() throws {
        let fixture = Fixture(Self.site.replacingOccurrences(of: "title: Patch Test\n", with: "title: Patch Test\nrelativeURLs: true\n"))
        try firstBuild(fixture)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary now.")
        rebuild(fixture, patched: false, "relative URLs")
    }

    @Test func theStateWrittenInPartsIsTheStateSerializedWhole() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let written = try FileSystem.readBytes(fixture.statePath)
        let state = try #require(BuildState.parse(written))
        // The file is written from the parts, one after the other; `parse` reads the joined bytes.
        #expect(state.serialized() == written)
        #expect(Array(state.serializedParts().joined()) == written)
    }

    // MARK: A patch that cannot publish

    @Test func aPatchWhoseWriteFailsLeavesTheLastBuild() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let before = snapshot(fixture.destination)
        let state = try FileSystem.readBytes(fixture.statePath)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        let failed = fixture.build(writer: FailingWriter(failAt: 1).writer)
        #expect(failed.patchedPages != nil && failed.writeError != nil && failed.writeReport == nil)
        #expect(snapshot(fixture.destination) == before)
        #expect(try FileSystem.readBytes(fixture.statePath) == state)
        rebuild(fixture, patched: true, "after a failed write")
    }

    @Test func aPatchWhoseRecordCannotBeSavedPublishesNothing() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let before = snapshot(fixture.destination)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        let failed = fixture.build(failRecord: true)
        #expect(failed.patchedPages != nil && failed.writeError != nil)
        #expect(snapshot(fixture.destination) == before)
        // The state left for a record that was never saved is not used: the next build is full.
        rebuild(fixture, patched: false, "after a record that failed")
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary twice.", "Restart the primary thrice.")
        rebuild(fixture, patched: true, "then an edit")
    }

    // MARK: A state or destination that is not what the last build left

    @Test func aTruncatedStateBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let bytes = try FileSystem.readBytes(fixture.statePath)
        for length in [0, 10, 16, 40, bytes.count / 2, bytes.count - 1] {
            try FileSystem.writeNew(Array(bytes.prefix(length)), to: fixture.statePath + ".cut")
            try FileSystem.rename(fixture.statePath + ".cut", to: fixture.statePath)
            replace(fixture, "content/runbooks/db/DbDown.md", "the primary", "the primary (\(length))")
            rebuild(fixture, patched: false, "a state cut at \(length) of \(bytes.count) bytes")
        }
    }

    @Test func aStateOfRandomBytesBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let size = try FileSystem.readBytes(fixture.statePath).count
        var generator = SystemRandomNumberGenerator()
        for round in 0..<4 {
            var bytes = (0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) }
            // Past the header, every length and count is hostile.
            if round % 2 == 1 { bytes = BuildState.header + bytes }
            FileSystem.removeTree(fixture.statePath)
            try FileSystem.writeNew(bytes, to: fixture.statePath)
            replace(fixture, "content/runbooks/db/DbDown.md", "the primary", "the primary (\(round))")
            rebuild(fixture, patched: false, "a state of random bytes, round \(round)")
        }
    }

    @Test func aStateWithHostileCountsBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let bytes = try FileSystem.readBytes(fixture.statePath)
        // Each 8-byte field after the header set to its largest values, one at a time.
        let header = BuildState.header.count
        for offset in stride(from: header, to: min(bytes.count - 8, header + 8 * 24), by: 8) {
            for value: UInt64 in [.max, UInt64(Int64.max), UInt64(Int32.max)] {
                var hostile = bytes
                withUnsafeBytes(of: value.littleEndian) { hostile.replaceSubrange(offset..<offset + 8, with: $0) }
                // The parse alone (a build per field would take long): no crash, nil or a state.
                _ = BuildState.parse(hostile)
            }
        }
        FileSystem.removeTree(fixture.statePath)
        var hostile = bytes
        withUnsafeBytes(of: UInt64.max.littleEndian) { hostile.replaceSubrange(header + 16..<header + 24, with: $0) }
        try FileSystem.writeNew(hostile, to: fixture.statePath)
        replace(fixture, "content/runbooks/db/DbDown.md", "the primary", "the next primary")
        rebuild(fixture, patched: false, "a state with a hostile source count")
    }

    /// A cache file past `FileSystem.cacheFileLimit` (a sparse one: no disk, no time) is not
    /// read at all: a pull request cannot make the build allocate what it says.
    @Test func aStateOrRecordOverTheLimitIsNotRead() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let record = BuildManifest.recordPath(cache: fixture.cache, destination: fixture.destination)
        for path in [fixture.statePath, record] {
            let descriptor = open(path, O_WRONLY)
            #expect(descriptor >= 0)
            #expect(ftruncate(descriptor, off_t(FileSystem.cacheFileLimit) + 1) == 0)
            close(descriptor)
            #expect(FileSystem.readCacheFile(path) == nil)
        }
        #expect(BuildManifest.read(cache: fixture.cache, destination: fixture.destination) == nil)
        #expect(BuildState.read(cache: fixture.cache, destination: fixture.destination) == nil)
    }

    @Test func aStateFromAnotherBuildIsNotUsed() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        let old = try FileSystem.readBytes(fixture.statePath)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        rebuild(fixture, patched: true, "the first edit")
        // The first build's state, beside the second build's record.
        FileSystem.removeTree(fixture.statePath)
        try FileSystem.writeNew(old, to: fixture.statePath)
        replace(fixture, "content/runbooks/db/DbSlow.md", "Look at the slow query log.", "Read the slow query log.")
        rebuild(fixture, patched: false, "an old state")
        // Its own state again: patched.
        replace(fixture, "content/runbooks/db/DbSlow.md", "Read the slow query log.", "Read the slow query log twice.")
        rebuild(fixture, patched: true, "after a full build")
    }

    @Test func aMissingStateBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        FileSystem.removeTree(fixture.statePath)
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        rebuild(fixture, patched: false, "no state")
    }

    @Test func aStrayFileInTheDestinationBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.write("public/stray.html", "<p>not ours</p>\n")
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        rebuild(fixture, patched: false, "a stray file")
        #expect(!fixture.site.exists("public/stray.html"))
    }

    @Test func aChangedFileInTheDestinationBuildsEverything() throws {
        let fixture = Fixture()
        try firstBuild(fixture)
        fixture.site.write("public/runbooks/web/filler2/index.html", "<p>edited by hand</p>\n")
        replace(fixture, "content/runbooks/db/DbDown.md", "Restart the primary.", "Restart the primary twice.")
        rebuild(fixture, patched: false, "a file edited in the destination")
    }
}

/// Random edits, round after round, each build compared with a full build from scratch: the
/// patch must never write or report anything else, whichever path it takes.
@Suite struct PatchedBuildRandomEditTests {
    /// SplitMix64: the same rounds for the same seed.
    struct Seeded: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476C_E5B9_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let words = ["alpha", "Zürich", "naïve", "日本語", "straße", "vacuum", "replica", "quorum", "étude", "kafka",
                        "Ω-meter", "x86_64", "p99", "latency", "backend", "up{job}", "don't", "über", "résumé", "zebra"]

    static let pages = ["content/runbooks/db/DbDown.md", "content/runbooks/db/DbSlow.md", "content/runbooks/db/Notes.md",
                        "content/runbooks/db/Untitled.md", "content/runbooks/db/Hidden.md", "content/runbooks/db/Draft.md",
                        "content/runbooks/web/WebDown.md", "content/runbooks/cache/RedisDown.md",
                        "content/runbooks/web/Filler1.md", "content/runbooks/web/Filler2.md"]

    /// Splits a page into its front matter (with its fences) and its body.
    static func split(_ text: String) -> (head: String, body: String) {
        guard text.hasPrefix("---\n"), let end = text.range(of: "\n---\n", range: text.index(text.startIndex, offsetBy: 3)..<text.endIndex)
        else { return ("", text) }
        return (String(text[..<end.upperBound]), String(text[end.upperBound...]))
    }

    static func sentence(_ rng: inout Seeded) -> String {
        (0..<Int.random(in: 2...7, using: &rng)).map { _ in words.randomElement(using: &rng) ?? "" }.joined(separator: " ") + "."
    }

    /// One edit of a page's body (rarely of its front matter); most keep the page's shape.
    static func edit(_ text: String, _ rng: inout Seeded) -> String {
        var (head, body) = split(text)
        var paragraphs = body.components(separatedBy: "\n\n")
        let later = { (rng: inout Seeded) in paragraphs.count > 1 ? Int.random(in: 1...paragraphs.count, using: &rng) : paragraphs.count }
        switch Int.random(in: 0..<16, using: &rng) {
        case 0, 1, 2: paragraphs.append(sentence(&rng))
        case 3: if paragraphs.count > 2 { paragraphs.removeLast() }
        case 4, 5:
            let at = later(&rng)
            paragraphs.insert("## " + (words.randomElement(using: &rng) ?? "H") + "\n\n" + sentence(&rng), at: at)
        case 6: paragraphs.insert("See [the other](../web/WebDown.md#top) and [notes](/runbooks/db/notes/).", at: later(&rng))
        case 7: paragraphs.insert("```promql\nrate(x[5m]) > \(Int.random(in: 0...9, using: &rng))\n```", at: later(&rng))
        case 8: paragraphs.insert("{{< nosuch >}}", at: later(&rng))  // a warning in this site
        case 9: paragraphs.insert("Ref: {{< ref \"runbooks/db/Gone\(Int.random(in: 0...3, using: &rng)).md\" >}}", at: later(&rng))
        case 10: paragraphs = paragraphs.map { $0.replacingOccurrences(of: "{{< nosuch >}}", with: "fixed") }
        case 11: paragraphs.insert("| a | b |\n|---|---|\n| \(words.randomElement(using: &rng) ?? "") | 1 |", at: later(&rng))
        case 12: paragraphs.insert("{{% rule \"db/db.yml\" \"DbSlow\" %}}", at: later(&rng))  // a rule shown: a full build
        case 13: if !paragraphs.isEmpty { paragraphs[0] = sentence(&rng) }  // the summary: a full build
        case 14: if head.contains("title:") { head = head.replacingOccurrences(of: "title: ", with: "title: Re ") }
        default:
            let word = words.randomElement(using: &rng) ?? ""
            let other = words.randomElement(using: &rng) ?? ""
            paragraphs = paragraphs.map { $0.replacingOccurrences(of: word, with: other) }
            paragraphs.append(other)
        }
        body = paragraphs.joined(separator: "\n\n")
        if !body.hasSuffix("\n") { body += "\n" }
        return head + body
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomEditsBuildAsAFullBuild(seed: UInt64) throws {
        let config = "baseURL: https://runbooks.example.org/\nrunbook:\n  severity:\n    shortcode-unknown: warning\n    ref-not-found: warning\n"
        let fixture = PatchedBuildTests.Fixture(PatchedBuildTests.site.replacingOccurrences(of: "baseURL: https://runbooks.example.org/\n", with: config))
        let tests = PatchedBuildTests()
        try tests.firstBuild(fixture)
        var rng = Seeded(state: seed)
        var patched = 0
        for round in 0..<14 {
            let count = Int.random(in: 1...3, using: &rng)
            var edited: [String] = []
            for _ in 0..<count {
                let path = Self.pages.randomElement(using: &rng) ?? ""
                fixture.site.write(path, Self.edit(fixture.site.read(path) ?? "", &rng))
                edited.append(path)
            }
            let result = fixture.build()
            if result.unchanged { continue }
            if result.patchedPages != nil { patched += 1 }
            let (full, files) = fixture.fresh()
            let what = "seed \(seed), round \(round), \(edited)"
            tests.expectSameReport(result, full, what)
            #expect(result.writeReport != nil, "\(what): \(result.report)")
            let written = snapshot(fixture.destination)
            let differing = Set(written.keys).union(files.keys).filter { written[$0] != files[$0] }.sorted()
            #expect(differing.isEmpty, "\(what): files that differ: \(differing)")
            #expect((try? FileSystem.readBytes(fixture.statePath)) == fixture.freshState(), "\(what): state")
            if !differing.isEmpty { break }
        }
        // The rounds must exercise the patch, not only full builds.
        #expect(patched >= 4, "only \(patched) patched rounds")
    }
}

/// The real corpus, copied: three runbooks' bodies edited, then patched; the same files, state
/// and diagnostics as a full build. Two full builds and the patch.
@Suite(.enabled(if: Corpus.isAvailable, "the corpus at ../shared/corpus/srerun is not in this checkout"))
struct PatchedBuildCorpusTests {
    /// The first word of four letters or more on a plain line of the page's Mitigation
    /// section (no shortcode, link, code or HTML on it), and where it is.
    static func mitigationWord(in text: String) -> Range<String.Index>? {
        guard let heading = text.range(of: "\n## Mitigation\n") else { return nil }
        var lineStart = heading.upperBound
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let line = text[lineStart..<lineEnd]
            if line.hasPrefix("#") { return nil }  // the next section
            if !["{{", "](", "`", "<", "|", "http"].contains(where: { line.contains($0) }) {
                var wordStart: String.Index?
                for index in line.indices {
                    if line[index].isLetter, line[index].isASCII {
                        if wordStart == nil { wordStart = index }
                    } else if let start = wordStart {
                        if line.distance(from: start, to: index) >= 4 { return start..<index }
                        wordStart = nil
                    }
                }
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : lineEnd
        }
        return nil
    }

    @Test func threeEditedRunbooksArePatchedLikeAFullBuild() throws {
        let copy = TestSite(copyOf: Corpus.path)
        // The corpus's nine missing alerts are errors: warnings here, so every build writes.
        let fixture = PatchedBuildTests.Fixture(site: copy, severity: SeverityPolicy(overrides: ["rule-not-found": .warning]))
        let first = fixture.build()
        #expect(first.patchedPages == nil && first.pageCount == 1109 && first.errorCount == 0, "\(first.report.prefix(5))")
        _ = try #require(first.writeReport)

        let paths = try FileManager.default.subpathsOfDirectory(atPath: copy.root + "/content/runbooks")
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("_index.md") }.sorted()
        var edited: [String] = []
        for (position, path) in paths.enumerated() where edited.count < 3 {
            // Spread over the corpus: the first fit in each third of it.
            guard position >= paths.count * edited.count / 3 else { continue }
            let relative = "content/runbooks/" + path
            guard let text = copy.read(relative), let word = Self.mitigationWord(in: text) else { continue }
            var changed = text
            changed.replaceSubrange(word, with: "Quuxinate")
            changed += "\nPatched paragraph \(edited.count): zorbulate the flibbertigibbet before the frobnicator.\n"
            copy.write(relative, changed)
            edited.append(relative)
        }
        #expect(edited.count == 3, "\(edited)")

        let patched = fixture.build()
        #expect(patched.patchedPages == 3, "\(edited)")
        #expect(patched.writeReport != nil && patched.writeError == nil)
        let written = snapshot(fixture.destination)
        let (full, files, state) = fixture.freshKeepingState()
        #expect(full.patchedPages == nil)
        #expect(patched.diagnostics.map(\.description) == full.diagnostics.map(\.description))
        #expect(patched.diagnostics.map(\.fix) == full.diagnostics.map(\.fix))
        #expect(patched.diagnostics == full.diagnostics)
        #expect(patched.pageCount == full.pageCount && patched.resolvedRuleCount == full.resolvedRuleCount)
        #expect(written.count == files.count && written.count > 1109)
        let differing = Set(written.keys).union(files.keys).filter { written[$0] != files[$0] }.sorted()
        #expect(differing.isEmpty, "files that differ: \(differing.prefix(20))")
        #expect(written.values.contains { String(decoding: $0, as: UTF8.self).contains("zorbulate") })
        #expect(try FileSystem.readBytes(fixture.statePath) == state, "the state kept differs from a full build's")
    }
}
