import Testing
@testable import RunbookKit
import RunbookTestSupport

/// hugo-book's and Hugo's shortcodes, and GitHub's alert blockquotes, rendered as the default
/// theme styles them.
@Suite struct ThemeShortcodesTests {
    func render(_ body: String, config: String = "") throws -> (html: String, result: BuildResult) {
        let site = TestSite(files: [
            "config.yaml": "title: T\n" + config,
            "content/_index.md": "---\ntitle: Home\n---\n",
            "content/p/Page.md": "---\ntitle: Page\n---\n" + body,
            "content/p/img/shot.png": "png",
            "content/p/Other.md": "---\ntitle: Other\n---\n",
        ])
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let result = BuildPipeline.run(config: config, options: BuildOptions(sourceDirectory: site.root))
        return (try #require(result.content(ofPage: "/p/page/")), result)
    }

    @Test func hint() throws {
        let (html, result) = try render("{{< hint warning >}}\n**Careful** here.\n{{< /hint >}}\n\nAfter.\n")
        #expect(result.report == [])
        #expect(html == "<div class=\"hint warning\">\n<p><strong>Careful</strong> here.</p>\n</div>\n<p>After.</p>\n")
    }

    @Test func detailsAndExpandWithARuleInside() throws {
        let (html, result) = try render("""
            {{< details "More" open >}}
            Text *inside*.
            {{< /details >}}
            {{% expand "Show" %}}
            Hidden.
            {{% /expand %}}
            {{< details summary="Hugo's form" >}}x{{< /details >}}
            """)
        #expect(result.report == [])
        #expect(html.contains("<details class=\"details\" open><summary>More</summary>\n<p>Text <em>inside</em>.</p>\n</details>"))
        #expect(html.contains("<details class=\"expand\"><summary>Show</summary>\n<p>Hidden.</p>\n</details>"))
        #expect(html.contains("<details class=\"details\"><summary>Hugo&#39;s form</summary>"))
    }

    @Test func tabs() throws {
        let (html, result) = try render("""
            {{< tabs "os" >}}
            {{< tab "Linux" >}}
            `apt install`
            {{< /tab >}}
            {{< tab "macOS" >}}
            `brew install`
            {{< /tab >}}
            {{< /tabs >}}
            """)
        #expect(result.report == [])
        #expect(html.contains("<div class=\"tabs\">\n<input type=\"radio\" class=\"tab-toggle\" name=\"tabs-0\" id=\"tabs-0-0\" checked><label for=\"tabs-0-0\">Linux</label>\n<div class=\"tab-panel\">\n<p><code>apt install</code></p>\n</div>"))
        #expect(html.contains("id=\"tabs-0-1\"><label for=\"tabs-0-1\">macOS</label>"))
    }

    @Test func columns() throws {
        let (html, _) = try render("{{< columns >}}\nLeft\n<--->\nRight\n{{< /columns >}}\n")
        #expect(html == "<div class=\"columns\">\n<div class=\"column\">\n<p>Left</p>\n</div>\n<div class=\"column\">\n<p>Right</p>\n</div>\n</div>\n")
    }

    @Test func buttonAndFigure() throws {
        let (html, result) = try render("""
            {{< button relref="Other" >}}Go{{< /button >}} {{< button href="javascript:alert(1)" >}}x{{< /button >}}

            {{< figure src="img/shot.png" alt="Shot" caption="A <b>caption</b>" >}}
            """)
        #expect(html.contains("<a class=\"button\" href=\"/p/other/\">Go</a>"))
        #expect(html.contains("<a class=\"button\" href=\"#\">x</a>"))
        #expect(result.diagnostics.places(.shortcodeArguments) == ["content/p/Page.md:4:48"])
        #expect(html.contains("<figure>\n<p><img src=\"/p/img/shot.png\" alt=\"Shot\" /></p>\n<figcaption><p>A &lt;b&gt;caption&lt;/b&gt;</p></figcaption>\n</figure>"))
    }

    @Test func highlightKeepsTheCodeAsWritten() throws {
        let (html, result) = try render("{{< highlight go \"linenos=table\" >}}\nif a < b { {{ .x }} }\n{{< /highlight >}}\n")
        #expect(result.report == [])
        #expect(html == "<pre><code class=\"language-go\">if a &lt; b { {{ .x }} }\n</code></pre>\n")
    }

    @Test func mermaidAndKatexStayReadableWithoutAScript() throws {
        let (html, result) = try render("{{< mermaid >}}\ngraph TD; A-->B\n{{< /mermaid >}}\n\nInline {{< katex >}}x^2 < 1{{< /katex >}}.\n")
        #expect(result.report == [])
        #expect(html.contains("<pre class=\"mermaid\">graph TD; A--&gt;B</pre>"))
        #expect(html.contains("Inline <span class=\"math\">\\(x^2 &lt; 1\\)</span>."))
        #expect(!html.contains("<script"))
    }

    @Test func configuredScriptsLoadOncePerPage() throws {
        let (html, result) = try render("""
            {{< mermaid >}}
            graph TD; A-->B
            {{< /mermaid >}}

            {{< mermaid >}}
            graph TD; C-->D
            {{< /mermaid >}}
            """, config: "runbook:\n  mermaidScript: https://cdn.example/mermaid.esm.min.mjs\n")
        #expect(result.report == [])
        #expect(html.components(separatedBy: "<script").count == 2)
        #expect(html.contains("<script type=\"module\">import mermaid from \"https://cdn.example/mermaid.esm.min.mjs\"; mermaid.initialize({ startOnLoad: true });</script>"))
    }

    @Test func githubAlertBlockquotes() throws {
        let (html, result) = try render("""
            > [!WARNING]
            > Do **not** restart the primary.

            > [!NOTE]
            > One.
            >
            > Two.

            > [!NOPE]
            > Stays a quote.
            """)
        #expect(result.report == [])
        #expect(html.contains("<div class=\"markdown-alert markdown-alert-warning\">\n<p class=\"markdown-alert-title\">Warning</p>\n<p>Do <strong>not</strong> restart the primary.</p>\n</div>"))
        #expect(html.contains("<div class=\"markdown-alert markdown-alert-note\">\n<p class=\"markdown-alert-title\">Note</p>\n<p>One.</p>\n<p>Two.</p>\n</div>"))
        #expect(html.contains("<blockquote>\n<p>[!NOPE]"))
    }

    @Test func unclosedBoxIsReportedAndBalanced() throws {
        let (html, result) = try render("{{< hint info >}}\nText\n")
        #expect(result.diagnostics.places(.shortcodeUnclosed) == ["content/p/Page.md:4:1"])
        #expect(html.hasSuffix("</div>\n"))
    }

    @Test func cssStylesEveryBox() {
        let css = DefaultTheme.files["assets/runbook.css"] ?? ""
        for selector in [".hint", ".markdown-alert-caution", "details.expand", ".tabs>.tab-panel", ".columns>.column", "a.button",
                         "figcaption", "pre.mermaid", ".math"] {
            #expect(css.contains(selector), "\(selector)")
        }
    }
}

/// Hugo sites configured in TOML, and TOML front matter through TOMLKit.
@Suite struct TOMLInputTests {
    @Test func hugoTomlConfig() {
        let site = TestSite("""
            -- hugo.toml --
            baseURL = "https://runbooks.example.org/"
            title = "TOML Runbooks"
            contentDir = "pages"
            [params]
            BookRepo = "https://github.com/example/runbooks"
            oncall = "#sre"
            [runbook]
            rulesDir = "alerting"
            requiredSections = ["Meaning"]
            -- pages/_index.md --
            # Home
            """)
        let (config, problems) = ConfigLoader.load(sourceDirectory: site.root)
        #expect(problems.isEmpty)
        #expect(config.file == "hugo.toml")
        #expect(config.title == "TOML Runbooks")
        #expect(config.baseURL == "https://runbooks.example.org/")
        #expect(config.contentDir == "pages" && config.rulesDir == "alerting")
        #expect(config.bookRepo == "https://github.com/example/runbooks")
        #expect(config.params.value(forKey: "oncall")?.text == "#sre")
        #expect(config.lint.requiredSections == ["Meaning"])
    }

    @Test func configDefaultFolder() {
        let site = TestSite("""
            -- config/_default/hugo.toml --
            title = "Folder"
            -- config/_default/params.toml --
            BookSection = "docs"
            -- content/_index.md --
            # Home
            """)
        let (config, problems) = ConfigLoader.load(sourceDirectory: site.root)
        #expect(problems.isEmpty)
        #expect(config.title == "Folder")
        #expect(config.bookSection == "docs")
        #expect(config.file == "config/_default/hugo.toml")
    }

    @Test func invalidTomlIsReportedAtItsLine() {
        let (_, problems) = ConfigLoader.parse("title = \"a\"\nbroken = \n", file: "hugo.toml")
        #expect(problems.map(\.code) == [.configInvalid])
        #expect(problems.first?.location?.line == 2)
    }

    @Test func tomlFrontMatterWithTablesArraysAndDates() {
        let site = TestSite("""
            -- content/a.md --
            +++
            title = "TOML page"
            date = 2023-12-12T21:12:32.022Z
            tags = ["db", "oncall"]
            weight = 3
            [[links]]
            name = "x"
            [params]
            owner = "team"
            +++
            Owner: {{< param "owner" >}}.
            """)
        let result = site.build()
        #expect(result.report == [])
        let page = result.site.pages.first { $0.contentPath == "a.md" }
        #expect(page?.title == "TOML page")
        #expect(page?.frontMatter.tags == ["db", "oncall"])
        #expect(page?.frontMatter.weight == 3)
        #expect(page?.frontMatter.entries.map(\.key) == ["title", "date", "tags", "weight", "links", "params"])
        #expect(page?.frontMatter.entries.map(\.line) == [2, 3, 4, 5, 6, 8])
        #expect(result.content(ofPage: "/a/")?.contains("Owner: team.") == true)
    }
}
