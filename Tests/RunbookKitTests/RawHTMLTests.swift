import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Raw HTML (issue 13, item 8): `markup.goldmark.renderer.unsafe` honoured as Hugo does, and
/// the `unsafe-html` check reading tags and attributes as a browser would.
@Suite struct RawHTMLTests {
    @Test func dangerousHTMLIsFound() {
        let cases: [(String, String)] = [
            ("<a href=\"jav&#x09;ascript:alert(1)\">x</a>", "a `javascript:` URL in `href`"),
            ("<a href=\"&#106;avascript&colon;alert(1)\">x</a>", "a `javascript:` URL in `href`"),
            ("<a href=\"java\nscript:alert(1)\">x</a>", "a `javascript:` URL in `href`"),
            ("<img src=x OnError=alert(1)>", "an `onerror=` event handler"),
            ("<svg/onload=alert(1)>", "an `onload=` event handler"),
            ("<body\nonpageshow = \"x()\">", "an `onpageshow=` event handler"),
            ("<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>", "an `srcdoc` attribute"),
            ("<object data=\"data:text/html;base64,PHNjcmlwdD4=\"></object>", "a `data:text/html` URL in `data`"),
            ("<button formaction=JaVaScRiPt:alert(1)>go</button>", "a `javascript:` URL in `formaction`"),
            ("<a href='vbscript:msgbox(1)'>x</a>", "a `vbscript:` URL in `href`"),
            ("<SCRIPT>alert(1)</SCRIPT>", "a `<script>` element"),
            ("<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">", "a `javascript:` URL in `content`"),
            ("<svg><a xlink:href=\"javascript:alert(1)\">x</a></svg>", "a `javascript:` URL in `xlink:href`"),
            ("<img srcset=\"a.png 1x, javascript:alert(1) 2x\">", "a `javascript:` URL in `srcset`"),
        ]
        for (html, expected) in cases {
            #expect(UnsafeHTMLDetector.problem(inHTML: html) == expected, "\(html)")
        }
    }

    @Test func harmlessHTMLIsNotFlagged() {
        for html in [
            "<div class=\"note\">on call: page the DBA</div>",
            "<a href=\"https://example.com/javascript:guide\">guide</a>",
            "<!-- <script>alert(1)</script> <img onerror=x> -->",
            "<p title=\"onclick=x\">text</p>",
            "<img alt=\"javascript: the good parts\" src=\"cover.png\">",
            "<details>\n  <summary>Alert Rule</summary>",
            "</script>",
            "a < b and c > d",
            "<a href=\"https://x.test/a,javascript:b\">x</a>",
        ] {
            #expect(UnsafeHTMLDetector.problem(inHTML: html) == nil, "\(html)")
        }
    }

    static let page = """
        ---
        title: P
        ---
        # P

        <details>
          <summary>Alert Rule</summary>

        {{% rule "a.yml" "A" %}}

        </details>

        Inline <b>bold</b> and [x](javascript:alert(1)) and ![i](data:image/png;base64,AAAA).

        """

    static let rules = "groups:\n  - name: G\n    rules:\n      - alert: A\n        expr: up == 0\n"

    @Test func unsafeFalseOmitsRawHTMLButKeepsRuleBlocks() {
        let site = TestSite(files: [
            "config.yaml": "markup:\n  goldmark:\n    renderer:\n      unsafe: false\n",
            "content/p.md": Self.page, "rules/a.yml": Self.rules,
        ])
        let result = site.build { $0.reportLintChecks = true }
        let html = result.content(ofPage: "/p/") ?? ""
        #expect(html.hasPrefix("<h1 id=\"p\">"))
        #expect(html.contains("<!-- raw HTML omitted -->\n<div class=\"rule"), "\(html)")
        #expect(!html.contains("<details>"))
        #expect(html.contains("<p>Inline <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> and <a href=\"\">x</a> and <img src=\"data:image/png;base64,AAAA\" alt=\"i\" />.</p>"),
                "\(html)")
        // Nothing raw is published, so nothing is reported.
        #expect(result.diagnostics.places(.unsafeHTML).isEmpty)
    }

    @Test func rawHTMLPassesByDefaultAndWhenUnsafeIsTrue() {
        for config in ["title: T\n", "markup:\n  goldmark:\n    renderer:\n      unsafe: true\n"] {
            let site = TestSite(files: ["config.yaml": config, "content/p.md": Self.page, "rules/a.yml": Self.rules])
            let result = site.build { $0.reportLintChecks = true }
            let html = result.content(ofPage: "/p/") ?? ""
            #expect(html.contains("<details>\n  <summary>Alert Rule</summary>\n<div class=\"rule"))
            #expect(html.contains("Inline <b>bold</b>"))
            #expect(result.diagnostics.places(.unsafeHTML) == ["content/p.md:13:1"])
        }
    }

    @Test func htmlFromAParamIsChecked() {
        let site = TestSite(files: [
            "config.yaml": "params:\n  banner: \"<img src=x onerror=alert(1)>\"\n",
            "content/p.md": "---\ntitle: P\n---\n# P\n\n{{< param \"banner\" >}}\n",
        ])
        let result = site.build { $0.reportLintChecks = true }
        #expect(result.diagnostics.places(.unsafeHTML) == ["content/p.md:6:1"], "\(result.diagnostics.listing)")
        #expect(result.diagnostics.messages(.unsafeHTML)
            == ["raw HTML with an `onerror=` event handler: runbooks must not run scripts in the reader's browser"])
    }

    @Test func invalidUnsafeValueIsReported() {
        let (_, diagnostics) = ConfigLoader.parse("markup:\n  goldmark:\n    renderer:\n      unsafe: maybe\n", file: "config.yaml")
        #expect(diagnostics.places(.configInvalid) == ["config.yaml:4:15"])
    }
}
