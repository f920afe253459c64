import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Whole sites built end to end, checked on the exact HTML or diagnostic that matters.
@Suite struct SiteBuildTests {
    static let site = """
        -- config.yaml --
        title: Test Runbooks
        baseURL: https://runbooks.example.org/
        params:
          BookRepo: https://github.com/example/runbooks
          BookEditPath: edit/main
          oncall: "#sre-oncall"
        -- rules/haproxy/haproxy.yml --
        groups:
          - name: Haproxy
            rules:
              - alert: HaproxyBackendMaxActiveSession
                expr: sum(haproxy_backend_current_sessions) / sum(haproxy_backend_limit_sessions) * 100 > 80
                for: 2m
                labels:
                  severity: warning
                annotations:
                  summary: Backend {{ $labels.backend }} near its limit
                  runbook: https://runbooks.example.org/runbooks/haproxy/haproxybackendmaxactivesession/
        -- content/_index.md --
        ---
        title: Home
        ---
        Welcome.
        -- content/runbooks/haproxy/_index.md --
        ---
        title: haproxy
        weight: 2
        ---
        -- content/runbooks/haproxy/HaproxyBackendMaxActiveSession.md --
        ---
        title: HaproxyBackendMaxActiveSession
        description: Backend sessions near the limit
        date: 2023-12-12T21:12:32.022Z
        tags: [LGTM, generated]
        aliases: [/old/haproxy-sessions/]
        ---

        # HaproxyBackendMaxActiveSession

        HAproxy backend {{ $labels.fqdn }}/{{ $labels.backend }} is reaching session limit (> 80%).

        <details>
          <summary>Alert Rule</summary>

        {{% rule "haproxy/haproxy.yml" "HaproxyBackendMaxActiveSession" %}}

        {{% comment %}}

        ```yaml
        alert: Stale copy that must vanish
        ```

        {{% /comment %}}

        </details>

        ## Meaning

        Ask {{< param "oncall" >}}. See [the other page]({{< ref "runbooks/haproxy/Other(>1%).md" >}}) and
        [its diagnosis]({{< relref "Other(>1%).md#diagnosis" >}}). Write `{{%/* rule "f.yml" "A" */%}}` to show a rule.
        -- content/runbooks/haproxy/Other(>1%).md --
        ---
        title: Other
        weight: 1
        ---
        ## Diagnosis
        -- content/runbooks/haproxy/Draft.md --
        ---
        title: Draft
        draft: true
        ---
        -- content/runbooks/alpha/_index.md --
        ---
        title: alpha
        weight: 1
        ---
        """

    @Test func seedPageShowsTheRuleOnceEscapedInsideDetails() throws {
        let fixture = TestSite(Self.site)
        let result = fixture.build()
        #expect(result.report == [])
        let html = try #require(result.content(ofPage: "/runbooks/haproxy/haproxybackendmaxactivesession/"))
        #expect(html.contains("<details>\n  <summary>Alert Rule</summary>\n<div class=\"rule"))
        #expect(html.contains("haproxy_backend_limit_sessions) * 100 &gt; 80"))
        #expect(!html.contains("&amp;gt;"))
        #expect(!html.contains("{{% rule \"haproxy") && !html.contains("{{% comment") && !html.contains("{{% /comment"))
        #expect(!html.contains("Stale copy"))
        #expect(html.contains("HAproxy backend {{ $labels.fqdn }}/{{ $labels.backend }} is reaching session limit (&gt; 80%)."))
        #expect(html.contains("Ask #sre-oncall."))
        #expect(html.contains("<a href=\"https://runbooks.example.org/runbooks/haproxy/other1/\">the other page</a>"))
        #expect(html.contains("<a href=\"/runbooks/haproxy/other1/#diagnosis\">its diagnosis</a>"))
        #expect(html.contains("<code>{{% rule &quot;f.yml&quot; &quot;A&quot; %}}</code>"))
        #expect(html.contains("https://github.com/example/runbooks/blob/main/rules/haproxy/haproxy.yml#L4"))
    }

    @Test func urlsFollowHugo() {
        let result = TestSite(Self.site).build()
        let paths = Set(result.outputs.map(\.path))
        for expected in ["index.html", "runbooks/index.html", "runbooks/haproxy/index.html", "runbooks/alpha/index.html",
                         "runbooks/haproxy/haproxybackendmaxactivesession/index.html", "runbooks/haproxy/other1/index.html",
                         "old/haproxy-sessions/index.html", "tags/index.html", "tags/lgtm/index.html", "alerts/index.html",
                         "404.html", "sitemap.xml", "search-index.json", "assets/runbook.css"] {
            #expect(paths.contains(expected), "missing \(expected)")
        }
        #expect(!paths.contains("runbooks/haproxy/draft/index.html"))
        #expect(result.pageCount == 5)  // the draft is left out
    }

    @Test func draftsWhenAskedFor() {
        let result = TestSite(Self.site).build { $0.includeDrafts = true }
        #expect(result.outputs.contains { $0.path == "runbooks/haproxy/draft/index.html" })
    }

    @Test func aliasRedirects() throws {
        let redirect = try #require(TestSite(Self.site).build().file("old/haproxy-sessions/index.html"))
        #expect(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/runbooks/haproxy/haproxybackendmaxactivesession/\">"))
        #expect(redirect.contains("<link rel=\"canonical\" href=\"https://runbooks.example.org/runbooks/haproxy/haproxybackendmaxactivesession/\">"))
    }

    @Test func sectionsOrderByWeightThenTitle() {
        let result = TestSite(Self.site).build()
        let site = result.site
        guard let haproxy = site.sections["runbooks/haproxy"], let runbooks = site.sections["runbooks"] else {
            Issue.record("sections missing")
            return
        }
        #expect(haproxy.children.map { site.pages[$0].title } == ["Other", "HaproxyBackendMaxActiveSession"])
        #expect(runbooks.children.map { site.pages[$0].title } == ["alpha", "haproxy"])
        #expect(site.pages[runbooks.page].title == "Runbooks")  // a folder without _index.md
    }

    @Test func sitemapHasPermalinksAndDates() throws {
        let sitemap = try #require(TestSite(Self.site).build().file("sitemap.xml"))
        #expect(sitemap.contains("<loc>https://runbooks.example.org/runbooks/haproxy/haproxybackendmaxactivesession/</loc>\n    <lastmod>2023-12-12T21:12:32Z</lastmod>"))
    }

    @Test func baseURLWithAPathPrefixesEveryLink() throws {
        let result = TestSite(Self.site).build { $0.baseURL = "https://example.org/docs/" }
        let html = try #require(result.content(ofPage: "/runbooks/haproxy/haproxybackendmaxactivesession/"))
        #expect(html.contains("<a href=\"/docs/runbooks/haproxy/other1/#diagnosis\">"))
        #expect(html.contains("<a href=\"https://example.org/docs/runbooks/haproxy/other1/\">"))
        let home = try #require(result.file("index.html"))
        #expect(home.contains("href=\"/docs/runbooks/\""))
    }

    @Test func twoBuildsAreByteIdentical() {
        let fixture = TestSite(Self.site)
        let first = fixture.build().outputs
        let second = fixture.build().outputs
        #expect(first == second)
    }

    @Test func pageWithoutTitleGetsItsFileName() {
        let result = TestSite("-- content/notes/On Call.md --\nJust text.\n").build()
        #expect(result.site.pages.contains { $0.title == "On Call" && $0.url == "/notes/on-call/" })
    }
}

/// Sites that must fail, each with the exact diagnostics a user sees.
@Suite struct InvalidSiteTests {
    static let rules = """
        -- rules/app/app.yml --
        groups:
          - name: App
            rules:
              - alert: AppDown
                expr: up == 0
              - alert: AppSlow
                expr: latency > 1
              - alert: AppSlow
                expr: latency > 2
        """

    @Test(arguments: [
        ("missing alert", """
            -- content/a.md --
            ---
            title: A
            ---
            # A

            {{% rule "app/app.yml" "AppDwn" %}}
            """, ["content/a.md:6:1: error: alert \"AppDwn\" is not defined in rules/app/app.yml (did you mean \"AppDown\"?) [rule-not-found]"]),
        ("missing rule file", """
            -- content/a.md --
            x {{% rule "app/ap.yml" "AppDown" %}}
            """, ["content/a.md:1:3: error: rule file rules/app/ap.yml does not exist (did you mean \"app/app.yml\"?) [rule-file-not-found]"]),
        ("path leaving rules", """
            -- content/a.md --
            {{% rule "../config.yaml" "AppDown" %}}
            """, ["content/a.md:1:1: error: rule file path '../config.yaml' leaves the rules/ folder; give a path inside it [rule-path-outside]"]),
        ("ambiguous alert", """
            -- content/a.md --
            {{% rule "app/app.yml" "AppSlow" %}}
            """, ["content/a.md:1:1: warning: alert \"AppSlow\" is defined 2 times in rules/app/app.yml (lines 6, 8); the page shows all of them [rule-ambiguous]"]),
        ("unknown shortcode", """
            -- content/a.md --
            ---
            title: A
            ---
            text {{< youtube abc >}}
            """, ["content/a.md:4:6: error: unknown shortcode 'youtube'; known shortcodes are rule, comment, ref, relref, param, hint, details, expand, tabs, tab, columns, button, figure, highlight, mermaid, katex, and `{{%/* youtube */%}}` prints a tag literally [shortcode-unknown]"]),
        ("unclosed comment", """
            -- content/a.md --
            one
            {{% comment %}}
            hidden
            """, ["content/a.md:2:1: error: `comment` is never closed: add `{{% /comment %}}` where the hidden text ends [shortcode-unclosed]"]),
        ("invalid front matter", """
            -- content/a.md --
            ---
            title: [unclosed
            ---
            """, ["content/a.md:3:1: error: front matter is not valid YAML: did not find expected ',' or ']' while parsing a flow sequence [front-matter-invalid]"]),
        ("ref to missing page", """
            -- content/a.md --
            [x]({{< ref "nowhere.md" >}})
            """, ["content/a.md:1:5: error: `ref` names a page that does not exist: 'nowhere.md' [ref-not-found]"]),
        ("two pages one URL", """
            -- content/Page.md --
            a
            -- content/page.md --
            b
            """, ["content/page.md:1:1: error: content/page.md and content/Page.md would both be published at /page/; rename one or set `slug` or `url` [url-conflict]"]),
    ])
    func reportsExactly(name: String, site: String, expected: [String]) {
        let result = TestSite(Self.rules + "\n" + site).build()
        #expect(result.report == expected, "\(name)")
    }

    @Test func invalidRuleFileIsReportedAtItsLine() {
        let result = TestSite("""
            -- rules/bad.yml --
            groups:
              - name: X
                rules:
                  - alert: A
                    expr: "unterminated
            -- content/a.md --
            {{% rule "bad.yml" "A" %}}
            """).build()
        #expect(result.diagnostics.map(\.code) == [.ruleFileInvalid])
        #expect(result.diagnostics.first?.location?.file == "rules/bad.yml")
        #expect(result.diagnostics.first?.location?.line == 6)
    }

    @Test func diagnosticsAfterARemovedCommentKeepTheirFileLines() {
        let result = TestSite(Self.rules + """

            -- content/a.md --
            ---
            title: A
            ---
            {{% comment %}}
            line 5
            line 6
            {{% /comment %}}
            {{% rule "app/app.yml" "Nope" %}}
            """).build()
        #expect(result.diagnostics.map { $0.location?.description } == ["content/a.md:8:1"])
    }
}

@Suite struct RulePathSafetyTests {
    @Test func aSymlinkOutOfTheRulesFolderIsRefused() throws {
        let fixture = TestSite("""
            -- secrets/outside.yml --
            groups:
              - name: Secret
                rules:
                  - alert: Leak
                    expr: up == 0
            -- rules/real.yml --
            groups: []
            -- content/a.md --
            {{% rule "outside.yml" "Leak" %}}
            """)
        try FileManager.default.createSymbolicLink(atPath: fixture.root + "/rules/outside.yml",
                                                   withDestinationPath: fixture.root + "/secrets/outside.yml")
        let result = fixture.build()
        #expect(result.report == ["content/a.md:1:1: error: rule file path 'outside.yml' leaves the rules/ folder; give a path inside it [rule-path-outside]"])
        #expect(!(result.content(ofPage: "/a/") ?? "").contains("up == 0"))
    }
}

@Suite struct AliasTests {
    @Test func relativeAndAbsoluteAliases() {
        let result = TestSite("""
            -- content/top.md --
            ---
            aliases: [old-top, /very/old/]
            ---
            -- content/guide/deep.md --
            ---
            aliases: [previous.html]
            ---
            """).build()
        let paths = Set(result.outputs.map(\.path))
        #expect(paths.isSuperset(of: ["old-top/index.html", "very/old/index.html", "guide/previous.html"]))
        #expect(!paths.contains { $0.hasPrefix("/") })
    }
}
