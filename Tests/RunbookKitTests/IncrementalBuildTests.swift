import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `serve` rebuilds with a cache; whatever was edited, the result must equal a build from scratch.
@Suite struct IncrementalBuildTests {
    func session(_ fixture: TestSite) -> BuildSession {
        let (config, _) = ConfigLoader.load(sourceDirectory: fixture.root)
        return BuildSession(config: config, options: BuildOptions(sourceDirectory: fixture.root))
    }

    func fullBuild(_ fixture: TestSite) -> [String: OutputFile] {
        Dictionary(uniqueKeysWithValues: fixture.build().outputs.map { ($0.path, $0) })
    }

    @Test(arguments: [
        ("body", "content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Other\nweight: 1\n---\n## Diagnosis\n\nNew text.\n"),
        ("title", "content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Renamed\nweight: 1\n---\n## Diagnosis\n"),
        ("weight", "content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Other\nweight: 0\n---\n## Diagnosis\n"),
        ("description and hidden", "content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Other\nweight: 1\ndescription: New words\nbookHidden: true\n---\n## Diagnosis\n"),
        ("tags", "content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Other\nweight: 1\ntags: [fresh]\n---\n## Diagnosis\n"),
        ("rule file", "rules/haproxy/haproxy.yml", """
            groups:
              - name: Haproxy
                rules:
                  - alert: HaproxyBackendMaxActiveSession
                    expr: haproxy_backend_current_sessions > 99
                    labels:
                      severity: critical
            """),
        // A new alert: a permalink page that says it has no runbook, a new entry in alerts.json.
        ("rule file, new alert", "rules/haproxy/haproxy.yml", """
            groups:
              - name: Haproxy
                rules:
                  - alert: HaproxyBackendMaxActiveSession
                    expr: haproxy_backend_current_sessions > 99
                  - alert: HaproxyDown
                    expr: haproxy_up == 0
            """),
        // A body that starts showing the alert: the catalogue, alerts.json and the permalink follow.
        ("body showing an alert", "content/runbooks/haproxy/Other(>1%).md",
         "---\ntitle: Other\nweight: 1\n---\n{{% rule \"haproxy/haproxy.yml\" \"HaproxyBackendMaxActiveSession\" %}}\n"),
        // The catalogue names the page that shows each alert by its title.
        ("title of the alert's page", "content/runbooks/haproxy/HaproxyBackendMaxActiveSession.md",
         "---\ntitle: Sessions near the limit\n---\n{{% rule \"haproxy/haproxy.yml\" \"HaproxyBackendMaxActiveSession\" %}}\n"),
        ("new page", "content/runbooks/haproxy/Brand New.md", "# Brand new\n\nSee [other](Other(>1%).md).\n"),
        ("template", "templates/page.mustache", "{{<layout}}{{$main}}<p>custom</p>{{{page.content}}}{{/main}}{{/layout}}"),
    ])
    func rebuildEqualsFullBuild(what: String, path: String, text: String) {
        let fixture = TestSite(SiteBuildTests.site)
        let session = session(fixture)
        let first = session.build()
        #expect(!first.hasErrors)
        fixture.write(path, text)
        let update = session.rebuild(changed: [path])
        #expect(update.files == fullBuild(fixture), "after editing the \(what)")
        #expect(!update.changedPaths.isEmpty)
    }

    /// Sections in sections, so that a menu edit must reach exactly the pages whose menu,
    /// breadcrumbs, neighbours or child lists show it, and no other.
    static let tree = """
        -- config.yaml --
        title: Tree
        baseURL: https://tree.example.org/
        -- content/_index.md --
        ---
        title: Home
        ---
        -- content/a/_index.md --
        ---
        title: A
        weight: 1
        ---
        -- content/a/one.md --
        ---
        title: One
        weight: 1
        tags: [x]
        ---
        One.
        -- content/a/two.md --
        ---
        title: Two
        weight: 2
        ---
        Two.
        -- content/a/x1.md --
        ---
        title: X1
        weight: 3
        ---
        -- content/a/x2.md --
        ---
        title: X2
        weight: 4
        ---
        -- content/a/x3.md --
        ---
        title: X3
        weight: 5
        ---
        -- content/b/_index.md --
        ---
        title: B
        weight: 2
        ---
        -- content/b/three.md --
        ---
        title: Three
        tags: [y]
        ---
        Three.
        -- content/b/c/_index.md --
        ---
        title: C
        ---
        -- content/b/c/four.md --
        ---
        title: Four
        ---
        Four.
        """

    @Test(arguments: [
        // Not a neighbour of `one`: only the menu shows it there.
        ("far leaf title", "content/a/x3.md", "---\ntitle: Third\nweight: 5\n---\n"),
        ("leaf title", "content/a/two.md", "---\ntitle: Second\nweight: 2\n---\nTwo.\n"),
        ("leaf weight", "content/a/two.md", "---\ntitle: Two\nweight: 0\n---\nTwo.\n"),
        ("tagged leaf title", "content/a/one.md", "---\ntitle: First\nweight: 1\ntags: [x]\n---\nOne.\n"),
        ("nested section title", "content/b/c/_index.md", "---\ntitle: Sea\n---\n"),
        ("top section weight", "content/b/_index.md", "---\ntitle: B\nweight: 0\n---\n"),
        ("last page of a section hidden", "content/b/c/four.md", "---\ntitle: Four\nbookHidden: true\n---\nFour.\n"),
        ("leaf description", "content/b/three.md", "---\ntitle: Three\ntags: [y]\ndescription: Now described\n---\nThree.\n"),
        ("leaf tags", "content/b/three.md", "---\ntitle: Three\ntags: [y, x]\n---\nThree.\n"),
        ("leaf body", "content/b/c/four.md", "---\ntitle: Four\n---\nFour, longer.\n"),
    ])
    func nestedSectionsRebuildEqualsFullBuild(what: String, path: String, text: String) {
        let fixture = TestSite(Self.tree)
        let session = session(fixture)
        #expect(!session.build().hasErrors)
        fixture.write(path, text)
        let update = session.rebuild(changed: [path])
        let full = fullBuild(fixture)
        #expect(update.files.keys.sorted() == full.keys.sorted(), "after editing the \(what)")
        for (file, output) in full where update.files[file] != output { Issue.record("\(file) differs after editing the \(what)") }
    }

    /// A file `serve` kept from the last build is the same bytes in memory; a rendered one is new.
    @Test func aLeafTitleEditRerendersItsSectionNotTheOthers() throws {
        let fixture = TestSite(Self.tree)
        let session = session(fixture)
        let before = session.build().files
        fixture.write("content/b/c/four.md", "---\ntitle: Fourth\n---\nFour.\n")
        let after = session.rebuild(changed: ["content/b/c/four.md"]).files
        func storage(_ files: [String: OutputFile], _ path: String) -> UnsafeRawPointer? {
            files[path]?.bytes.withUnsafeBytes { $0.baseAddress }
        }
        for path in ["a/one/index.html", "a/two/index.html", "a/index.html", "b/index.html"] {
            #expect(storage(before, path) != nil && storage(before, path) == storage(after, path), "\(path) was rendered again")
        }
        for path in ["b/c/four/index.html", "b/c/index.html"] {
            #expect(storage(before, path) != storage(after, path), "\(path) was not rendered again")
        }
        // A title that moves a page past its section's subsection: section a's pages show b
        // closed (its subsections only), so they stay as they were.
        fixture.write("content/b/three.md", "---\ntitle: Aaa\ntags: [y]\n---\nThree.\n")
        let reordered = session.rebuild(changed: ["content/b/three.md"]).files
        #expect(reordered == fullBuild(fixture))
        for path in ["a/one/index.html", "a/x2/index.html"] {
            #expect(storage(after, path) != nil && storage(after, path) == storage(reordered, path), "\(path) was rendered again")
        }
    }

    @Test func deletedPageDisappears() throws {
        let fixture = TestSite(SiteBuildTests.site)
        let session = session(fixture)
        _ = session.build()
        try FileManager.default.removeItem(atPath: fixture.root + "/content/runbooks/alpha/_index.md")
        let update = session.rebuild(changed: ["content/runbooks/alpha/_index.md"])
        #expect(update.files == fullBuild(fixture))
        #expect(update.changedPaths.contains("runbooks/alpha/index.html"))
    }

    @Test func aBodyEditChangesOnlyThatPageAndItsListings() {
        let fixture = TestSite(SiteBuildTests.site)
        let session = session(fixture)
        _ = session.build()
        let path = "content/runbooks/haproxy/HaproxyBackendMaxActiveSession.md"
        fixture.write(path, (fixture.read(path) ?? "") + "\nOne more line.\n")
        let update = session.rebuild(changed: [path])
        // The search index holds the body text, so the page's entry and its words' shards change too.
        #expect(update.changedPaths.filter { !$0.hasPrefix("search") } == ["runbooks/haproxy/haproxybackendmaxactivesession/index.html"])
        #expect(update.changedPaths.contains("search/index/o.json"))
        #expect(update.changedURLs == ["/runbooks/haproxy/haproxybackendmaxactivesession/"])
    }

    @Test func aRuleEditChangesThePageThatShowsIt() throws {
        let fixture = TestSite(SiteBuildTests.site)
        let session = session(fixture)
        _ = session.build()
        let path = "rules/haproxy/haproxy.yml"
        fixture.write(path, (fixture.read(path) ?? "").replacingOccurrences(of: "* 100 > 80", with: "* 100 > 95"))
        let update = session.rebuild(changed: [path])
        #expect(update.changedURLs.contains("/runbooks/haproxy/haproxybackendmaxactivesession/"))
        let page = try #require(update.files["runbooks/haproxy/haproxybackendmaxactivesession/index.html"])
        #expect(String(decoding: page.bytes, as: UTF8.self).contains("&gt; 95"))
    }
}

/// A page's rule blocks depend on the rule files as parsed, and a block that found nothing on
/// every file's alert names.
@Suite struct IncrementalRuleEditTests {
    static let site = """
        -- config.yaml --
        title: Rules
        -- content/_index.md --
        # Home
        -- content/x/_index.md --
        # X
        -- content/x/Shown.md --
        ---
        title: Shown
        ---
        {{% rule "x/a.yml" "Shown" %}}
        -- content/x/Gone.md --
        ---
        title: Gone
        ---
        {{% rule "x/a.yml" "Gone" %}}
        -- content/x/Also.md --
        ---
        title: Also
        ---
        {{% rule "x/a.yml" "Also" %}}
        -- rules/x/a.yml --
        groups:
          - name: A
            rules:
              - alert: Shown
                expr: up == 0
              - alert: Also
                expr: up == 9
        -- rules/x/b.yml --
        groups:
          - name: B
            rules:
              - alert: Other
                expr: up == 1
        """

    func options(_ root: String) -> BuildOptions {
        var options = BuildOptions(sourceDirectory: root)
        options.severity = SeverityPolicy(overrides: ["rule-not-found": .warning])
        return options
    }

    func fullBuild(_ fixture: TestSite) -> [String: OutputFile] {
        let result = fixture.build { $0 = options(fixture.root) }
        return Dictionary(uniqueKeysWithValues: result.outputs.map { ($0.path, $0) })
    }

    func session(_ fixture: TestSite) -> BuildSession {
        let (config, _) = ConfigLoader.load(sourceDirectory: fixture.root)
        return BuildSession(config: config, options: options(fixture.root))
    }

    /// Paths whose files differ from a build from scratch (readable where the whole site is not).
    func stalePaths(_ files: [String: OutputFile], _ fixture: TestSite) -> [String] {
        let fresh = fullBuild(fixture)
        return Set(files.keys).union(fresh.keys).filter { files[$0] != fresh[$0] }.sorted()
    }

    /// The missing block says which file defines the alert: another file than the one the
    /// shortcode names. It used to keep saying nothing after that file was edited.
    @Test func anAlertAddedToAnotherFileShowsOnTheMissingBlock() throws {
        let fixture = TestSite(Self.site)
        let session = session(fixture)
        let first = session.build()
        let before = try #require(first.files["x/gone/index.html"])
        #expect(!String(decoding: before.bytes, as: UTF8.self).contains("rules/x/b.yml"))
        fixture.append("rules/x/b.yml", "      - alert: Gone\n        expr: up == 2\n")
        let update = session.rebuild(changed: ["rules/x/b.yml"])
        #expect(stalePaths(update.files, fixture) == [])
        let after = try #require(update.files["x/gone/index.html"])
        #expect(String(decoding: after.bytes, as: UTF8.self).contains("rules/x/b.yml"))
    }

    /// A folder of rule files appears (the watcher names the folder): the index is read again.
    @Test func aNewRuleFolderIsRead() throws {
        let fixture = TestSite(Self.site)
        let session = session(fixture)
        _ = session.build()
        _ = session.rebuild(changed: [])  // the index kept as it was
        fixture.write("rules/y/c.yml", "groups:\n  - name: C\n    rules:\n      - alert: Gone\n        expr: up == 3\n")
        let update = session.rebuild(changed: ["rules/y"])
        #expect(stalePaths(update.files, fixture) == [])
        let page = try #require(update.files["x/gone/index.html"])
        #expect(String(decoding: page.bytes, as: UTF8.self).contains("rules/y/c.yml"))
    }

    /// A comment added below the last rule changes no rule: every file is kept as it was, the
    /// same bytes in memory.
    @Test func ruleEditsRerenderOnlyWhatShowsTheChange() throws {
        let fixture = TestSite(Self.site)
        let session = session(fixture)
        let before = session.build().files
        fixture.append("rules/x/a.yml", "# a note for later\n")
        let update = session.rebuild(changed: ["rules/x/a.yml"])
        #expect(stalePaths(update.files, fixture) == [])
        #expect(update.changedPaths.isEmpty)
        for path in ["x/shown/index.html", "alerts/index.html", "alerts.json"] {
            let old = try #require(before[path]).bytes.withUnsafeBytes { $0.baseAddress }
            let new = try #require(update.files[path]).bytes.withUnsafeBytes { $0.baseAddress }
            #expect(old == new, "\(path) was rendered again")
        }
        // A changed expression is shown: the page follows; the page of the file's other alert
        // is kept as it was.
        fixture.write("rules/x/a.yml", (fixture.read("rules/x/a.yml") ?? "").replacingOccurrences(of: "up == 0", with: "up == 5"))
        let edited = session.rebuild(changed: ["rules/x/a.yml"])
        #expect(stalePaths(edited.files, fixture) == [])
        #expect(edited.changedURLs.contains("/x/shown/"))
        let also = try #require(update.files["x/also/index.html"]).bytes.withUnsafeBytes { $0.baseAddress }
        #expect(try #require(edited.files["x/also/index.html"]).bytes.withUnsafeBytes { $0.baseAddress } == also)
    }
}

@Suite struct ChangedFolderTests {
    @Test func aChangedFolderRereadsEverythingInside() {
        let fixture = TestSite(SiteBuildTests.site)
        let (config, _) = ConfigLoader.load(sourceDirectory: fixture.root)
        let session = BuildSession(config: config, options: BuildOptions(sourceDirectory: fixture.root))
        _ = session.build()
        fixture.write("content/runbooks/haproxy/Other(>1%).md", "---\ntitle: Other\n---\nMoved in with new text.\n")
        let update = session.rebuild(changed: ["content/runbooks/haproxy"])
        let page = update.files["runbooks/haproxy/other1/index.html"].map { String(decoding: $0.bytes, as: UTF8.self) } ?? ""
        #expect(page.contains("Moved in with new text."))
    }
}

@Suite struct PathTableTests {
    @Test func aSameOrderListIsLookedUpByPositionAndAChangedOneByPath() {
        let table = PathTable(paths: ["a.md", "b.md", "c.md"], values: [1, nil, 3])
        let same = table.lookup(for: ["a.md", "b.md", "c.md"])
        #expect([0, 1, 2].map(same) == [1, nil, 3])
        // A page added in front and one removed: each path still finds its own value.
        let moved = table.lookup(for: ["new.md", "c.md", "a.md"])
        #expect([0, 1, 2].map(moved) == [nil, 3, 1])
    }

    @Test func pathsBeyondTheKeptValuesHaveNone() {
        let table = PathTable<Int>(paths: ["a.md", "b.md"], values: [])
        #expect(table.lookup(for: ["a.md", "b.md"])(1) == nil)
        #expect(table.lookup(for: ["b.md"])(0) == nil)
    }
}
