import PropertyBased
import Testing
@testable import RunbookKit

/// Markdown rendering through libcmark and our node-tree transforms, checked on exact HTML.
@Suite struct MarkdownTests {
    private func html(_ markdown: String, links: [String: String] = [:]) -> RenderedMarkdown {
        let body = ExpandedBody(markdown: markdown, lineOrigins: Array(1...max(1, markdown.split(separator: "\n", omittingEmptySubsequences: false).count)),
                                embeds: [], embedMarker: "x", ruleReferences: [], comments: [], diagnostics: [])
        return MarkdownRenderer.render(body, file: "content/a.md", embeds: [:]) { links[$0] }
    }

    @Test func headingIdsLikeHugoWithRepeats() {
        let result = html("# Title\n\n## Meaning\n\n## Meaning\n\n### Step 1: Check `up`\n")
        #expect(result.html == """
            <h1 id="title">Title <a class="anchor" href="#title" aria-label="Link to this section">#</a></h1>
            <h2 id="meaning">Meaning <a class="anchor" href="#meaning" aria-label="Link to this section">#</a></h2>
            <h2 id="meaning-1">Meaning <a class="anchor" href="#meaning-1" aria-label="Link to this section">#</a></h2>
            <h3 id="step-1-check-up">Step 1: Check <code>up</code> <a class="anchor" href="#step-1-check-up" aria-label="Link to this section">#</a></h3>

            """)
        #expect(result.startsWithTitle)
        #expect(result.headings.map(\.id) == ["title", "meaning", "meaning-1", "step-1-check-up"])
        #expect(result.diagnostics.map(\.code) == [.duplicateHeading])
        #expect(result.diagnostics.first?.location?.line == 5)
    }

    @Test func customHeadingID() {
        let result = html("## Diagnosis {#diag}\n")
        #expect(result.headings.first?.id == "diag")
        #expect(result.html.hasPrefix("<h2 id=\"diag\">Diagnosis <a"))
    }

    @Test func definitionListsAsGoldmarkReadsThem() {
        let result = html("**ifIndex** \n: A unique value,\nstill the definition.\n\n**ifAdminStatus**\n: The desired state.\n")
        #expect(result.html == """
            <dl>
            <dt><strong>ifIndex</strong></dt>
            <dd>A unique value,
            still the definition.</dd>
            <dt><strong>ifAdminStatus</strong></dt>
            <dd>The desired state.</dd>
            </dl>

            """)
    }

    @Test func paragraphWithoutColonLineStaysAParagraph() {
        #expect(html("**bold** text\nmore: text\n").html == "<p><strong>bold</strong> text\nmore: text</p>\n")
    }

    @Test func bareURLsBecomeLinksWithoutTrailingPunctuation() {
        let result = html("See https://prometheus.io/docs/alerting/ (or www.example.org/x). Not in `https://code`.\n")
        #expect(result.html == "<p>See <a href=\"https://prometheus.io/docs/alerting/\">https://prometheus.io/docs/alerting/</a> (or <a href=\"http://www.example.org/x\">www.example.org/x</a>). Not in <code>https://code</code>.</p>\n")
    }

    @Test func curlyQuotesButDashesAndCodeUntouched() {
        let result = html("\"Quoted\" and it's 'single' -- run `kubectl --namespace \"x\"` --- done...\n")
        #expect(result.html == "<p>\u{201C}Quoted\u{201D} and it\u{2019}s \u{2018}single\u{2019} -- run <code>kubectl --namespace &quot;x&quot;</code> --- done\u{2026}</p>\n")
    }

    @Test func goTemplateTextAndComparisonsAreEscapedOnce() {
        #expect(html("Backend {{ $labels.fqdn }} is over (> 80%) & more\n").html
                == "<p>Backend {{ $labels.fqdn }} is over (&gt; 80%) &amp; more</p>\n")
    }

    @Test func mdLinksAreRewrittenAndRecorded() {
        let result = html("[a](Other.md#impact) and ![img](pic.png)\n", links: ["Other.md#impact": "/x/other/#impact"])
        #expect(result.html == "<p><a href=\"/x/other/#impact\">a</a> and <img src=\"pic.png\" alt=\"img\" /></p>\n")
        #expect(result.links.map(\.destination) == ["Other.md#impact", "pic.png"])
        #expect(result.links.map(\.href) == ["/x/other/#impact", "pic.png"])
        #expect(result.links.map(\.isImage) == [false, true])
    }

    @Test func setextHeadingIsNoted() {
        let result = html("Some text\n---\n\nOther\n\n---\n")
        #expect(result.diagnostics.map(\.code) == [.setextHeading])
        #expect(result.diagnostics.first?.location?.line == 1)
    }

    @Test func unsafeHTMLIsNoted() {
        let result = html("<div onclick=\"x()\">a</div>\n\n<script>alert(1)</script>\n\n[x](javascript:alert(1))\n")
        #expect(result.diagnostics.map(\.code) == [.unsafeHTML, .unsafeHTML, .unsafeHTML])
        #expect(result.diagnostics.map { $0.location?.line } == [1, 3, 5])
    }

    @Test func rawDetailsBlocksPassThrough() {
        #expect(html("<details>\n  <summary>Alert Rule</summary>\n\nx\n\n</details>\n").html
                == "<details>\n  <summary>Alert Rule</summary>\n<p>x</p>\n</details>\n")
    }

    @Test func summaryIsTheFirstParagraph() {
        #expect(html("# T\n\nFirst *para*.\n\nSecond.\n").summary == "First para.")
    }
}

@Suite struct TableTests {
    private func html(_ markdown: String) -> String {
        let body = ExpandedBody(markdown: markdown, lineOrigins: [1], embeds: [], embedMarker: "x",
                                ruleReferences: [], comments: [], diagnostics: [])
        return MarkdownRenderer.render(body, file: "a.md", embeds: [:]) { _ in nil }.html
    }

    @Test func tableWithAlignmentAndInlineMarkdown() {
        #expect(html("| Metric | Meaning |\n|:--|--:|\n| `a|b` | **up** [x](y) |\n| short |\n") == """
            <table>
            <thead>
            <tr>
            <th style="text-align: left">Metric</th>
            <th style="text-align: right">Meaning</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td style="text-align: left"><code>a|b</code></td>
            <td style="text-align: right"><strong>up</strong> <a href="y">x</a></td>
            </tr>
            <tr>
            <td style="text-align: left">short</td>
            <td style="text-align: right"></td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func withoutOuterPipes() {
        #expect(html("a | b\n--- | ---\n1 | 2\n").contains("<th>a</th>\n<th>b</th>"))
    }

    @Test func notATableWhenTheDelimiterRowDoesNotMatch() {
        #expect(html("| a | b |\n|---|\n").hasPrefix("<p>| a | b |"))
        #expect(html("a | b\nc | d\n").hasPrefix("<p>a | b"))
    }
}

@Suite struct TruncationTests {
    @Test func collapsesWhiteSpaceAndCutsAtAWord() {
        #expect(truncated("  one\n two   three ", to: 40) == "one two three")
        #expect(truncated("alpha beta gamma", to: 12) == "alpha beta…")
        #expect(truncated("alpha beta gamma", to: 16) == "alpha beta gamma")
        #expect(truncated("unbreakableword", to: 5) == "unbre…")
    }

    static let pieces = ["word", "a", " ", "  ", "\t", "\n", "\u{0B}", "\u{0C}", "\r", "é", "\u{301}", "😀", "\"", "\\", "<",
                         "\u{01}", "\u{A0}", "…",
                         // Longer than a word, for the scan that takes eight bytes a step.
                         "a run of short words", "eightchr", "x y z w v u t s"]

    /// The search record's text is cut where it lies, not copied first: it must write what
    /// `truncated` and `appendJSONString` write, for any text (collapsed or not) and any limit.
    @Test func cutInPlaceMatchesTruncated() async {
        let text = Gen<String?>.element(of: Self.pieces).array(of: 0...14).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: text, Gen<Int>.int(in: 0...40)) { text, limit in
            var expected: [UInt8] = []
            appendJSONString(truncated(text, to: limit), to: &expected)
            var written: [UInt8] = []
            appendTruncatedJSONString(text, to: limit, to: &written)
            #expect(written == expected, "\(Array(text.unicodeScalars)) to \(limit)")
        }
    }

    @Test func cutInPlaceExamples() {
        func cut(_ text: String, _ limit: Int) -> String {
            var json: [UInt8] = []
            appendTruncatedJSONString(text, to: limit, to: &json)
            return String(decoding: json, as: UTF8.self)
        }
        #expect(cut("alpha beta gamma", 12) == "\"alpha beta…\"")
        #expect(cut("alpha beta gamma", 11) == "\"alpha beta…\"")  // the limit falls on a space
        #expect(cut("alpha beta gamma", 16) == "\"alpha beta gamma\"")
        #expect(cut("unbreakable <word>", 5) == "\"unbre…\"")
        #expect(cut("say \"hi\" <b>", 40) == "\"say \\\"hi\\\" \\u003cb>\"")
    }
}
