import Testing
import RunbookKit
import RunbookTestSupport

/// Issue 11's reader features, built end to end from fixture sites: the whole menu, alert
/// permalinks, `alerts.json` and `relativeURLs`.
@Suite struct ReaderSiteTests {
    static let site = """
        -- config.yaml --
        baseURL: https://runbooks.example.org/
        title: Reader
        params:
          BookRepo: https://github.com/example/runbooks
          BookEditPath: edit/main
        -- rules/node.yml --
        groups:
          - name: Node
            rules:
              - alert: HostDown
                expr: up{job="node"} == 0
                labels:
                  severity: critical
                annotations:
                  summary: Host is down
              - alert: HostDiskFull
                expr: node_filesystem_avail_bytes / node_filesystem_size_bytes < 0.05
                labels:
                  severity: warning
              - alert: Bad/Name
                expr: vector(1)
              - alert: ..
                expr: vector(1)
        -- content/_index.md --
        ---
        title: Home
        ---
        Welcome.
        -- content/apps/_index.md --
        ---
        title: Apps
        ---
        -- content/apps/web.md --
        ---
        title: Web
        ---
        Text.
        -- content/node/_index.md --
        ---
        title: Node
        ---
        -- content/node/hostdown.md --
        ---
        title: Host down
        ---
        {{% rule "node.yml" "HostDown" %}}
        -- content/node/disks/_index.md --
        ---
        title: Disks
        ---
        -- content/node/disks/smart.md --
        ---
        title: SMART
        ---
        Text.
        """

    static func nav(_ html: String) -> String {
        guard let start = html.range(of: "<ul class=\"menu-tree\">"), let end = html.range(of: "</nav>") else { return "" }
        return String(html[start.lowerBound..<end.lowerBound]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every section is in the menu; the current branch is open with its pages, a closed
    /// section shows its subsections and loads its pages from its menu.json.
    @Test func menuListsEverySectionWithTheCurrentBranchOpen() throws {
        let result = TestSite(Self.site).build()
        #expect(result.report == [])
        let html = try #require(result.file("apps/web/index.html"))
        #expect(Self.nav(html) == """
            <ul class="menu-tree"><li><a href="/apps/">Apps</a><details open><summary aria-label="Apps"></summary><ul>\
            <li><a href="/apps/web/" aria-current="page">Web</a></li></ul></details></li>\
            <li><a href="/node/">Node</a><details data-more><summary aria-label="Node"></summary><ul>\
            <li data-more><a href="/node/disks/">Disks</a></li></ul></details></li></ul>
            """)
        let deep = try #require(result.file("node/disks/smart/index.html"))
        #expect(Self.nav(deep) == """
            <ul class="menu-tree"><li data-more><a href="/apps/">Apps</a></li>\
            <li><a href="/node/">Node</a><details open><summary aria-label="Node"></summary><ul>\
            <li><a href="/node/disks/">Disks</a><details open><summary aria-label="Disks"></summary><ul>\
            <li><a href="/node/disks/smart/" aria-current="page">SMART</a></li></ul></details></li>\
            <li><a href="/node/hostdown/">Host down</a></li></ul></details></li></ul>
            """)
        #expect(result.file("node/menu.json") == """
            [["Disks","/node/disks/",2],["Host down","/node/hostdown/",0]]

            """)
        #expect(result.file("apps/menu.json") == "[[\"Web\",\"/apps/web/\",0]]\n")
        #expect(result.file("menu.json") == nil)
    }

    /// An open section lists its first 500 children, then a link to its page for the rest:
    /// every page of a section shows its list, so a section of 5,000 pages wrote 1.1 GB of menus.
    @Test func aLongSectionListsItsFirstChildrenAndLinksToTheRest() throws {
        var files = ["content/big/_index.md": "---\ntitle: Big\n---\n"]
        for number in 0..<503 { files["content/big/p\(1000 + number).md"] = "---\ntitle: P\(1000 + number)\n---\nText.\n" }
        let result = TestSite(files: files).build()
        let first = Self.nav(try #require(result.file("big/p1000/index.html")))
        #expect(first.components(separatedBy: "<li><a href=\"/big/p").count - 1 == 500)
        #expect(first.contains("<li><a href=\"/big/p1000/\" aria-current=\"page\">P1000</a></li>"))
        #expect(first.hasSuffix("<li><a href=\"/big/p1499/\">P1499</a></li><li class=\"menu-more\"><a href=\"/big/\">3 more…</a></li></ul></details></li></ul>"))
        // A page past the list is not in it: its section's page lists it.
        let last = Self.nav(try #require(result.file("big/p1502/index.html")))
        #expect(!last.contains("/big/p1502/"))
        #expect(last == first.replacingOccurrences(of: " aria-current=\"page\"", with: ""))
    }

    /// `/alerts/<name>/` redirects to the alert's page; an alert without one gets a page that
    /// says how to write it; unsafe names get no address.
    @Test func alertPermalinks() throws {
        let result = TestSite(Self.site).build()
        #expect(result.file("alerts/HostDown/index.html") == """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <title>https://runbooks.example.org/node/hostdown/</title>
            <link rel="canonical" href="https://runbooks.example.org/node/hostdown/">
            <meta name="robots" content="noindex">
            <meta charset="utf-8">
            <meta http-equiv="refresh" content="0; url=/node/hostdown/">
            </head>
            <body><p>This page has moved to <a href="/node/hostdown/">/node/hostdown/</a>.</p></body>
            </html>

            """)
        let missing = try #require(result.file("alerts/HostDiskFull/index.html"))
        #expect(missing.contains("<title>HostDiskFull · Reader</title>"))
        #expect(missing.contains("""
            <h1>HostDiskFull</h1>
            <p class="lead">No runbook explains the alert <code>HostDiskFull</code> yet: no page shows it with <code>rule</code>, and no runbook annotation of the alert leads to a page.</p>
            <h2>Where it is defined</h2>
            <ul>
            <li><a href="https://github.com/example/runbooks/blob/main/rules/node.yml#L10"><code>rules/node.yml:10</code></a>, group <code>Node</code>, <span class="badge badge-warning">warning</span></li>
            </ul>
            <h2>Write its runbook</h2>
            <p>Make the page from the rule (it is written to <code>content/runbooks/node/HostDiskFull.md</code>):</p>
            <pre><code class="language-shell">runbook new rules/node.yml HostDiskFull</code></pre>
            <p>Or <a href="https://github.com/example/runbooks/new/main?filename=content/runbooks/node/HostDiskFull.md&amp;value=
            """))
        // Names that are not plain words get no folder; nothing climbs out.
        #expect(!result.outputs.contains { $0.path.hasPrefix("alerts/Bad") })
        #expect(result.outputs.filter { $0.path.hasPrefix("alerts/") }.map(\.path).sorted()
            == ["alerts/HostDiskFull/index.html", "alerts/HostDown/index.html", "alerts/index.html"])
    }

    @Test func alertsJSONListsEveryAlertSorted() throws {
        let result = TestSite(Self.site).build()
        let json = try #require(result.file("alerts.json"))
        #expect(json == """
            {"alerts":[\
            {"name":"..","severity":null,"group":"Node","file":"rules/node.yml","line":16,"expr":"vector(1)","labels":{},"annotations":{},"page":null,"permalink":null},\
            {"name":"Bad/Name","severity":null,"group":"Node","file":"rules/node.yml","line":14,"expr":"vector(1)","labels":{},"annotations":{},"page":null,"permalink":null},\
            {"name":"HostDiskFull","severity":"warning","group":"Node","file":"rules/node.yml","line":10,"expr":"node_filesystem_avail_bytes / node_filesystem_size_bytes \\u003c 0.05","labels":{"severity":"warning"},"annotations":{},"page":null,"permalink":"https://runbooks.example.org/alerts/HostDiskFull/"},\
            {"name":"HostDown","severity":"critical","group":"Node","file":"rules/node.yml","line":4,"expr":"up{job=\\"node\\"} == 0","labels":{"severity":"critical"},"annotations":{"summary":"Host is down"},"page":"https://runbooks.example.org/node/hostdown/","permalink":"https://runbooks.example.org/alerts/HostDown/"}]}

            """)
    }

    /// A runbook_url that is the alert's permalink, or a template keyed on its name, is not
    /// dangling for lint.
    @Test func permalinkAnnotationsAreNotDangling() {
        let fixture = TestSite(Self.site)
        fixture.write("rules/more.yml", """
            groups:
              - name: More
                rules:
                  - alert: ByTemplate
                    expr: vector(1)
                    annotations:
                      runbook_url: https://runbooks.example.org/alerts/{{ $labels.alertname }}/
                  - alert: ByName
                    expr: vector(1)
                    annotations:
                      runbook_url: https://runbooks.example.org/alerts/ByName/
                  - alert: Elsewhere
                    expr: vector(1)
                    annotations:
                      runbook_url: https://runbooks.example.org/nowhere/
            """)
        let result = fixture.build { $0.reportLintChecks = true }
        let dangling = result.diagnostics.filter { $0.code == .runbookURLDangling }.compactMap(\.location?.line)
        #expect(dangling == [15])
        #expect(result.file("alerts/ByTemplate/index.html")?.contains("No runbook explains the alert") == true)
    }

    /// A static file where an alert's permalink goes is a conflict, not a silent overwrite.
    @Test func permalinkCollisionIsAConflict() {
        let fixture = TestSite(Self.site)
        fixture.write("static/alerts/HostDown/index.html", "mine")
        let result = fixture.build()
        #expect(result.diagnostics.contains { $0.code == .urlConflict && $0.message.contains("alerts/HostDown/index.html") })
    }

    /// With relativeURLs every link is relative to its page and names the folder's
    /// index.html; the search index has script twins for file://.
    @Test func relativeURLsMakeLinksRelative() throws {
        let fixture = TestSite(Self.site)
        fixture.write("config.yaml", """
            baseURL: https://runbooks.example.org/docs/
            title: Reader
            relativeURLs: true
            """)
        let result = fixture.build()
        #expect(result.report == [])
        let html = try #require(result.file("node/disks/smart/index.html"))
        #expect(html.contains("<link rel=\"stylesheet\" href=\"../../../assets/runbook.css?v="))
        #expect(html.contains("<link rel=\"canonical\" href=\"https://runbooks.example.org/docs/node/disks/smart/\">"))
        #expect(html.contains("data-index=\"../../../search-index.json\""))
        #expect(html.contains("<a class=\"site-title\" href=\"../../../index.html\">"))
        #expect(html.contains("<li><a href=\"../../../node/disks/smart/index.html\" aria-current=\"page\">SMART</a></li>"))
        #expect(!html.contains("href=\"/"))
        #expect(!html.contains("src=\"/"))
        let home = try #require(result.file("index.html"))
        #expect(home.contains("<a href=\"apps/index.html\">Apps</a>"))
        let redirect = try #require(result.file("alerts/HostDown/index.html"))
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=../../node/hostdown/index.html\">"))
        let manifest = try #require(result.file("search-index.json"))
        #expect(result.file("search-index.js") == "runbookData(\"search-index.json\"," + manifest.dropLast() + ");\n")
        let entries = result.outputs.filter { $0.path.hasPrefix("search/pages/") && $0.path.hasSuffix(".json") }
        #expect(!entries.isEmpty)
        for entry in entries {
            let text = String(decoding: entry.bytes, as: UTF8.self)
            #expect(text.contains("\"u\":\"") && !text.contains("\"u\":\"/"), "\(entry.path): \(text)")
            #expect(result.outputs.contains { $0.path == String(entry.path.dropLast(5)) + ".js" })
        }
        #expect(result.file("node/menu.js")?.hasPrefix("runbookData(\"node/menu.json\",[[\"Disks\",\"node/disks/index.html\",2]") == true)
    }
}
