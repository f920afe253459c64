import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Link positions that lint reports, checked exactly: the locator behind them was rewritten to
/// stay near-linear on pages with tens of thousands of links (issue 13), and must still hand
/// out every occurrence once, in order, preferring the one right after `(`, `<`, a quote or a
/// space, with columns in Unicode scalars.
@Suite struct LinkPositionTests {
    static let page = """
        ---
        title: Positions
        ---
        # Positions

        See [a](/nowhere/) and [b](/nowhere/) then [c](/nowhere/).
        Next line [d](/nowhere/), the text x/nowhere/ is not a link.

        Ünïcödé → [e](/nowhere/) and ![img](/nowhere/).

        Later <a href="/raw/missing/">raw</a> and https://runbooks.acme.test/gone/ here.

        [Reference][ref] and [again][ref].

        [ref]: /nowhere/ref/

        """

    @Test func everyBrokenLinkAtItsOwnPlace() {
        let diagnostics = LintFixture.diagnostics(["content/runbooks/web/Positions.md": Self.page])
        let file = "content/runbooks/web/Positions.md"
        let places = diagnostics.filter { $0.location?.file == file }.places(.linkBroken)
        // The first reference link is placed at its definition's destination; the second finds
        // that taken and is placed at its own `[again]`.
        let expected = ["6:9", "6:28", "6:48", "7:15", "9:15", "9:37", "11:16", "11:43", "15:8", "13:22"].map { "\(file):\($0)" }
        #expect(places.sorted() == expected.sorted(), "\(diagnostics.listing)")
    }

    @Test func locatorHandsOutRepeatsInOrderAndWrapsAround() {
        let text = "a /x/ b\n(/x/) /docs/x/\n[y](/x/)\n"
        var locator = LinkLocator(text: text, needles: ["/x/", "/docs/x/", "absent"], fileLine: { $0 + 10 })
        #expect(locator.occurrences(of: "/x/") == 4)
        #expect(locator.occurrences(of: "absent") == 0)
        // From line 12 on: the delimited ones there first, then from the top, then undelimited.
        #expect(place(&locator, "/x/", 12) == "12:2")
        #expect(place(&locator, "/x/", 12) == "13:5")
        #expect(place(&locator, "/x/", 12) == "11:3")
        #expect(place(&locator, "/x/", 12) == "12:12")
        #expect(place(&locator, "/x/", 12) == nil)
        // `/docs/x/` overlaps a handed-out `/x/`: taken.
        #expect(place(&locator, "/docs/x/", nil) == nil)
        #expect(place(&locator, "absent", nil) == nil)
    }

    private func place(_ locator: inout LinkLocator, _ text: String, _ near: Int?) -> String? {
        locator.locate(text, nearFileLine: near).map { "\($0.line):\($0.column)" }
    }

    @Test func multiPatternSearchFindsOverlappingOccurrences() {
        let patterns = ["he", "she", "his", "hers", "", "s"].map { Array($0.utf8) }
        let found = MultiPatternSearch(patterns).occurrences(in: Array("ushers shis".utf8))
        #expect(found == [[2], [1], [8], [2], [], [1, 5, 7, 10]])
    }
}

/// Heading ids with repeats and with texts whose slugs collide with a repeat's id: exactly the
/// ids Hugo gives, each once, however many headings a page has.
@Suite struct HeadingRepeatTests {
    private func render(_ markdown: String) -> RenderedMarkdown {
        let count = markdown.split(separator: "\n", omittingEmptySubsequences: false).count
        let body = ExpandedBody(markdown: markdown, lineOrigins: Array(1...max(1, count)), embeds: [], embedMarker: "x",
                                ruleReferences: [], comments: [], diagnostics: [])
        return MarkdownRenderer.render(body, file: "content/a.md", embeds: [:]) { _ in nil }
    }

    @Test func repeatsAndCollidingSlugs() {
        let result = render("## Step\n\n## Step\n\n## Step 1\n\n## Step\n\n## Step-1\n\n## Other {#step}\n")
        #expect(result.headings.map(\.id) == ["step", "step-1", "step-1-1", "step-2", "step-1-2", "step-3"])
        #expect(result.diagnostics.filter { $0.code == .duplicateHeading }.map { $0.location?.line } == [3, 5, 7, 9])
    }

    @Test func manyRepeatsStayUnique() {
        let result = render(String(repeating: "## Same\n\n", count: 2000))
        let ids = result.headings.map(\.id)
        #expect(Set(ids).count == 2000)
        #expect(ids[0] == "same" && ids[1] == "same-1" && ids[1999] == "same-1999")
    }
}

/// Bare addresses, found in one pass over long texts.
@Suite struct BareURLTests {
    private func html(_ markdown: String) -> String {
        let body = ExpandedBody(markdown: markdown, lineOrigins: [1], embeds: [], embedMarker: "x",
                                ruleReferences: [], comments: [], diagnostics: [])
        return MarkdownRenderer.render(body, file: "content/a.md", embeds: [:]) { _ in nil }.html
    }

    @Test func addressesPunctuationAndBrackets() {
        #expect(html("a https://x.example/1, www.y.example and (http://z.example/(a))) end\n") == """
            <p>a <a href="https://x.example/1">https://x.example/1</a>, <a href="http://www.y.example">www.y.example</a> and (<a href="http://z.example/(a)">http://z.example/(a)</a>)) end</p>

            """)
    }

    /// A `www.` with nothing after it: trimming the `.` cut the address before the end of its
    /// prefix, and `runbook build` trapped (found while rewriting the finder).
    @Test func wwwAloneIsText() {
        #expect(html("see www. alone, https:// too\n") == "<p>see www. alone, https:// too</p>\n")
        #expect(html("www.\n") == "<p>www.</p>\n")
    }

    /// The search for `http`/`www.` skips eight bytes at a time: an address is found wherever
    /// it starts in those eight, and at the very end of the text.
    @Test func addressesAtEveryOffset() {
        for pad in 0..<17 {
            let lead = String(repeating: "a", count: pad)
            let result = html(lead + " http://e.example/x and www.f.example\n")
            #expect(result.contains("<a href=\"http://e.example/x\">"), "\(pad)")
            #expect(result.contains("<a href=\"http://www.f.example\">"), "\(pad)")
        }
    }

    @Test func thousandsOfAddressesInOneLine() {
        let text = (0..<3000).map { "https://e.example/\($0)" }.joined(separator: " ")
        let result = html(text + "\n")
        #expect(result.components(separatedBy: "<a href=").count == 3001)
        #expect(result.hasSuffix("<a href=\"https://e.example/2999\">https://e.example/2999</a></p>\n"))
    }
}

/// Inputs the fuzzers found (`make fuzz`), kept as tests with the input inline.
@Suite struct FuzzRegressionTests {
    /// front-matter: the fast reader skipped comment lines unread and accepted a control
    /// character there that Yams refuses; the page now goes to Yams, which reports it.
    @Test func controlCharacterInAFrontMatterComment() {
        let text = "title: HaprxyDown\ndescription: Troubleshooting\n#published: tr\u{01}\0\ndate: 2023-12-12T25:12:32.022Z\n"
        #expect(SimpleYAML.parse(Substring(text)) == nil)
        #expect(SimpleYAML.parse("title: x\n# a comment\n") != nil)
        let block = try? FrontMatterBlock.split("---\n" + text + "---\nbody\n")
        let diagnostics = block.map { FrontMatterParser.parse($0, file: "content/a.md").1 } ?? []
        #expect(diagnostics.map(\.code) == [.frontMatterInvalid])
    }

    /// front-matter: list items whose indentation shifts (`  - a` then ` -  b`) are not YAML;
    /// the fast reader read them as one list.
    @Test func listItemsWithShiftingIndentation() {
        #expect(SimpleYAML.parse("tags:\n  - hardware\n  - memory\n -  node\neditor: markdown\n") == nil)
        #expect(SimpleYAML.parse("tags:\n  - hardware\n  - memory\neditor: markdown\n") != nil)
    }

    /// front-matter (2026-11-29): a TOML table header whose key starts with any other
    /// character (`[é]`, the fuzzer's `[\u{FFFD}…`) made toml++ assert and abort the run. Now
    /// it is a located front-matter error, and the build goes on to say so.
    @Test(arguments: [
        ("[é]\ntitle = \"x\"\n", 1, 2),
        ("title = \"x\"\n\n[[ \u{FFFD}\u{FFFD}Ot\n", 3, 4),
        ("# [é] in a comment is fine\n[ok]\nlist = [\n  \"a\",\n]\n[%x]\n", 6, 2),
        // toml (2026-11-29): a date, `T`, then no digit: toml++ asserted in parse_time.
        ("title = \"x\"\ndate = 2023-12-12T\u{FFFD}:12:32.022Z\n", 2, 19),
        ("d = [2023-12-12, 2023-12-12tx]\n", 1, 29),
        // front-matter and toml (2026-11-29): `[` and the end of the line.
        ("[\nt = 1\n", 1, 2),
        ("a = 1\n[[ # comment\n", 2, 4),
        // toml (third run): a byte-order mark, then a header.
        ("\u{FEFF}[[[x]]]\n", 1, 3),
        // toml (fourth run): `}` where an array value belongs.
        ("al = \"#x\"\nq = [}}\"n\"]\n", 2, 6),
        ("q = [1, # comment\n  }\n", 2, 3),
    ])
    func tomlHeaderWithABadFirstCharacter(toml: String, line: Int, column: Int) {
        let problem = TOMLPreflight.problem(in: toml)
        #expect(problem?.line == line)
        #expect(problem?.column == column)
        let site = TestSite(files: ["content/_index.md": "---\ntitle: Home\n---\n", "content/bad.md": "+++\n" + toml + "+++\nbody\n"])
        let result = site.build()
        let found = result.diagnostics.filter { $0.location?.file == "content/bad.md" }
        #expect(found.map(\.code) == [.frontMatterInvalid], "\(result.diagnostics)")
        #expect(found.first?.location?.line == line + 1)
    }

    /// front-matter (2026-11-29): a byte-order mark inside a value; libyaml drops it, the fast
    /// reader kept it. The fast reader now leaves such text to Yams.
    @Test func byteOrderMarkInsideAValue() {
        #expect(SimpleYAML.parse("title: \u{FEFF}alpha\nweight: 1\n") == nil)
        #expect(SimpleYAML.parse("title: alpha\nweight: 1\n") != nil)
    }

    /// front-matter (third run): a line of only tabs under a key; libyaml refuses it.
    @Test func tabIndentedLine() {
        #expect(SimpleYAML.parse("ttle: \t\t\n\t\t\n") == nil)
        #expect(SimpleYAML.parse("title: a\n  \n") != nil)
    }

    /// front-matter (sixth run): a comment, a lone carriage return, then a scalar; libyaml
    /// ends the comment at the CR and reads the scalar, the fast reader read one comment line.
    @Test func loneCarriageReturnAfterAComment() {
        #expect(SimpleYAML.parse("#x=\rcn0t\n") == nil)
        #expect(SimpleYAML.parse("# x\ntitle: a\n") != nil)
    }

    /// Headers and dates the check must leave to TOMLKit: quoted, dotted, in multi-line strings and arrays.
    @Test func tomlHeadersThatAreFine() {
        let fine = "a = \"\"\"\n[é] inside a string\n\"\"\"\nb = [\n  [1, 2],\n  [\"é\"],\n]\n[\"é\"]\nc = 1\n[ x . 'y' ]\n[[ list ]]\nd = '[é]'\n"
            + "[t]\nwhen = 2023-12-12T10:00:00Z\nday = 2023-12-12\n2023-12-12Tx = 1\ninline = { 2023-12-12Ty = 2 }\n"
            + "empty = {}\nnested = [{}, { a = [] }]\n"
        #expect(TOMLPreflight.problem(in: fine) == nil)
        #expect((try? TOMLReader.entries(fine))?.map(\.key) == ["a", "b", "é", "x", "list", "t"])
    }
}
