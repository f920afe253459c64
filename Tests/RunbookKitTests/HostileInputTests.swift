import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Hostile inputs (issue 13): YAML bombs and deep nesting, oversized files, every odd byte
/// sequence, and user text that tries to forge diagnostic lines. Each case asserts the exact
/// diagnostic (code and place) or the exact safe result.
@Suite struct HostileInputTests {
    /// Nine levels of nine aliases: ~400 bytes, 10⁹ nodes once expanded.
    static let bomb = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    static let page = """
        ---
        title: Fine
        ---
        # Fine

        {{% rule "fine.yml" "Fine" %}}

        """

    static let rules = """
        groups:
          - name: G
            rules:
              - alert: Fine
                expr: up == 0

        """

    private func site(_ files: [String: String]) -> TestSite {
        var all = ["content/fine.md": Self.page, "rules/fine.yml": Self.rules]
        for (path, text) in files { all[path] = text }
        return TestSite(files: all)
    }

    private func writeBytes(_ site: TestSite, _ relative: String, _ bytes: [UInt8]) {
        FileManager.default.createFile(atPath: site.path(relative), contents: Data(bytes))
    }

    // MARK: Rule embeds

    /// 400 shortcodes naming one rule whose expression is ~60 KB: every copy in full would be
    /// well over 100 MB of page. The page shows the rule while its rules stay under 4 MB, then
    /// a note per shortcode, and one warning at the first shortcode left out.
    @Test func repeatedHugeRuleIsShownUnderThePageBudget() throws {
        let expression = (0..<2_000).map { "up{job=\"j\($0)\"} == 0" }.joined(separator: " or ")
        let rules = "groups:\n  - name: G\n    rules:\n      - alert: Huge\n        expr: '\(expression)'\n"
        let shortcodes = [String](repeating: "{{% rule \"huge.yml\" \"Huge\" %}}", count: 400).joined(separator: "\n\n")
        let result = site(["rules/huge.yml": rules, "content/many.md": "---\ntitle: Many\n---\n\n" + shortcodes + "\n"]).build()
        let html = try #require(result.content(ofPage: "/many/"))
        let notes = html.components(separatedBy: "class=\"rule-missing rule-omitted\"").count - 1
        let shown = html.components(separatedBy: "<code class=\"rule-name\">Huge</code>").count - 1
        #expect(shown >= 1 && shown + notes == 400, "shown \(shown), notes \(notes)")
        #expect(html.utf8.count < RuleEmbeds.budget + 400 * 300)
        // Shortcode n (from 0) is on line 5 + 2n of the file.
        #expect(result.diagnostics.places(.ruleBudgetExceeded) == ["content/many.md:\(5 + 2 * shown):1"], "\(result.diagnostics.listing)")
        #expect(result.diagnostics.messages(.ruleBudgetExceeded) == [
            "the rules this page shows would pass 4 MB; this `rule` shortcode and the \(grouped(notes - 1)) after it show a note instead: "
                + "show each rule once, and fewer or smaller rules per page"])
        // The page shows the rule: once, for search and the alert's permalink.
        let index = try #require(result.site.pageIndex(atURL: "/many/"))
        #expect(result.contents[index]?.rules.count == 1)
    }

    /// A file defining one name 2,000 times, named by 50 shortcodes: each shortcode held its own
    /// copy of the 2,000 rules (at 50,000 rules and 2,000 shortcodes, 16 GB before the kernel
    /// stopped it). The lookups share one array, the page's rules are each rule once, the
    /// warning lists ten lines, and the budget bounds what the page prints.
    @Test func aNameDefinedManyTimesIsHeldOnce() throws {
        let rules = "groups:\n  - name: G\n    rules:\n"
            + (0..<2_000).map { "      - alert: Dup\n        expr: up == \($0)\n" }.joined()
        let shortcodes = [String](repeating: "{{% rule \"dup.yml\" \"Dup\" %}}", count: 50).joined(separator: "\n\n")
        let result = site(["rules/dup.yml": rules, "content/dup.md": "---\ntitle: Dup\n---\n\n" + shortcodes + "\n"]).build()
        let ambiguous = result.diagnostics.messages(.ruleAmbiguous)
        #expect(ambiguous.count == 50)
        #expect(ambiguous.first == "alert \"Dup\" is defined 2,000 times in rules/dup.yml (lines 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, …); the page shows all of them")
        #expect(result.diagnostics.places(.ruleBudgetExceeded).count == 1)
        let index = try #require(result.site.pageIndex(atURL: "/dup/"))
        #expect(result.contents[index]?.rules.count == 2_000)
        let found = result.site.rules.rules(named: "Dup", inFile: "dup.yml")
        let again = result.site.rules.rules(named: "Dup", inFile: "dup.yml")
        #expect(found.withUnsafeBufferPointer { $0.baseAddress } == again.withUnsafeBufferPointer { $0.baseAddress })
    }

    /// `param` prints its value every time: 100 tags of a 100 KB parameter ask for 10 MB. The
    /// page's shortcodes stop at 8 MB, with one error at the tag that would pass it (before,
    /// 10,000 tags of a 500 KB parameter took the run to 11.8 GB and a crash).
    @Test func aParameterPrintedManyTimesStopsAtThePageBudget() throws {
        let value = String(repeating: "x", count: 100_000)
        let tags = [String](repeating: "{{% param \"big\" %}}", count: 100).joined(separator: "\n\n")
        let result = site(["config.yaml": "title: T\nparams:\n  big: \"\(value)\"\n",
                           "content/params.md": "---\ntitle: Params\n---\n\n" + tags + "\n"]).build()
        // 8 MiB / 100,000 bytes: the 84th tag (line 5 + 2 × 83) would pass it.
        #expect(result.diagnostics.places(.shortcodeBudgetExceeded) == ["content/params.md:171:1"], "\(result.diagnostics.listing)")
        #expect(result.fails(strict: false))
        let index = try #require(result.site.pageIndex(atURL: "/params/"))
        let html = try #require(result.contents[index]?.markdown.html)
        #expect(html.utf8.count <= ShortcodeContext.generatedBudget + 10_000)
        #expect(html.components(separatedBy: value).count - 1 == 83)
    }

    /// A rule shown twice on an ordinary page is shown in full both times, without a warning.
    @Test func aRuleShownTwiceIsShownTwice() throws {
        let twice = "---\ntitle: Twice\n---\n\n{{% rule \"fine.yml\" \"Fine\" %}}\n\n{{% rule \"fine.yml\" \"Fine\" %}}\n"
        let result = site(["content/twice.md": twice]).build()
        let html = try #require(result.content(ofPage: "/twice/"))
        #expect(html.components(separatedBy: "<code class=\"rule-name\">Fine</code>").count - 1 == 2)
        #expect(!html.contains("rule-omitted"))
        #expect(result.diagnostics.places(.ruleBudgetExceeded).isEmpty)
    }

    // MARK: YAML budget

    @Test func billionLaughsInFrontMatter() {
        let result = site(["content/bomb.md": "---\ntitle: Bomb\n" + Self.bomb + "---\nbody\n"]).build()
        // `f:` is line 7 of the front matter, line 8 of the file; `*e` is at column 8.
        #expect(result.diagnostics.places(.yamlBudgetExceeded) == ["content/bomb.md:8:8"], "\(result.diagnostics.listing)")
        #expect(result.diagnostics.messages(.yamlBudgetExceeded).first?.hasPrefix(
            "front matter: YAML aliases would expand to more than 100,000 nodes (`*e` here)") == true)
    }

    @Test func billionLaughsInRuleFile() {
        let result = site(["rules/bomb.yml": Self.bomb]).build()
        #expect(result.diagnostics.places(.yamlBudgetExceeded) == ["rules/bomb.yml:6:8"], "\(result.diagnostics.listing)")
    }

    @Test func billionLaughsInConfig() {
        let (_, diagnostics) = ConfigLoader.parse(Self.bomb, file: "config.yaml")
        #expect(diagnostics.places(.yamlBudgetExceeded) == ["config.yaml:6:8"])
        #expect(diagnostics.count == 1)
    }

    /// An alias used as a mapping key makes Yams hash the whole expansion while composing;
    /// the budget stops it before Yams sees the text.
    @Test func aliasBombAsMappingKey() {
        let text = Self.bomb + "? *i\n: boom\n"
        #expect(throws: YAMLProblem.self) { try BoundedYAML.compose(text) }
        let (_, diagnostics) = ConfigLoader.parse(text, file: "config.yaml")
        #expect(diagnostics.places(.yamlBudgetExceeded) == ["config.yaml:6:8"])
    }

    /// Lint reads the YAML copies hidden in `{{% comment %}}` blocks too: same budget.
    @Test func billionLaughsInAHiddenRuleCopy() {
        let page = Self.page + "{{% comment %}}\n\n```yaml\n" + Self.bomb + "```\n\n{{% /comment %}}\n"
        let result = site(["content/fine.md": page]).build { $0.reportLintChecks = true }
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.listing)")
    }

    @Test func aliasesWithinTheBudgetStillWork() throws {
        let text = "base: &base {severity: warning, team: sre}\nx: *base\ny: *base\n"
        let root = try #require(try BoundedYAML.compose(text))
        #expect(DataValue(yaml: root).value(forKey: "y")?.value(forKey: "team") == .string("sre"))
    }

    @Test func aliasedTextIsCountedInBytes() {
        let long = String(repeating: "x", count: 4096)
        let text = "a: &a \"\(long)\"\nlist: [" + Array(repeating: "*a", count: 300).joined(separator: ", ") + "]\n"
        var problem: YAMLProblem?
        do { _ = try BoundedYAML.compose(text) } catch { problem = error }
        #expect(problem?.budgetExceeded == true)
        #expect(problem?.message.contains("1,048,576 bytes of text") == true)
        #expect(problem?.line == 2)
    }

    @Test func deepNestingIsRefused() {
        let text = String(repeating: "[", count: 150) + String(repeating: "]", count: 150) + "\n"
        let (_, diagnostics) = ConfigLoader.parse(text, file: "config.yaml")
        #expect(diagnostics.places(.yamlBudgetExceeded) == ["config.yaml:1:101"])
        #expect(diagnostics.first?.message == "config: YAML nested more than 100 levels deep; flatten the structure")
    }

    @Test func multiDocumentStreamsShareOneBudget() throws {
        #expect(try BoundedYAML.composeAll("a: 1\n---\nb: 2\n").count == 2)
        #expect(throws: YAMLProblem.self) { try BoundedYAML.composeAll("x: 1\n---\n" + Self.bomb) }
    }

    // MARK: Size caps

    @Test func oversizedPageAndRuleFileAreRefused() {
        let big = "---\ntitle: Big\n---\n" + String(repeating: "text ", count: 600) + "\n"
        let bigRules = Self.rules + "# " + String(repeating: "x", count: 3000) + "\n"
        let result = site([
            "config.yaml": "runbook:\n  maxPageSize: 2KB\n  maxRuleFileSize: 2048\n",
            "content/big.md": big, "rules/big.yml": bigRules,
        ]).build()
        #expect(result.diagnostics.places(.fileTooLarge) == ["content/big.md", "rules/big.yml"], "\(result.diagnostics.listing)")
        #expect(result.diagnostics.messages(.fileTooLarge).first
            == "file is 3,020 bytes, over the cap of 2,048 bytes; split it, or raise `runbook.maxPageSize` in config.yaml")
        #expect(result.site.pageIndex(atURL: "/fine/") != nil)
    }

    @Test func sizeSettingsAcceptUnits() {
        let (config, diagnostics) = ConfigLoader.parse("runbook:\n  maxPageSize: 16MiB\n  maxRuleFileSize: 512KB\n", file: "config.yaml")
        #expect(diagnostics.isEmpty)
        #expect(config.maxPageSize == 16 << 20)
        #expect(config.maxRuleFileSize == 512 << 10)
        let (_, bad) = ConfigLoader.parse("runbook:\n  maxPageSize: lots\n", file: "config.yaml")
        #expect(bad.places(.configInvalid) == ["config.yaml:2:16"])
    }

    // MARK: Byte sequences

    @Test func lineSeparatorsInRuleFileBuildWithAWarning() {
        for separator in ["\u{2028}", "\u{2029}", "\u{85}"] {
            let rules = "groups:\n  - name: G\n    rules:\n      - alert: Fine\n        expr: up == 0\(separator)        for: 5m\n"
            let result = site(["rules/fine.yml": rules]).build()
            #expect(result.diagnostics.places(.unusualLineBreak) == ["rules/fine.yml:5:22"], "\(result.diagnostics.listing)")
            #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.diagnostics.listing)")
            let html = result.content(ofPage: "/fine/") ?? ""
            // The rule's YAML is highlighted: key, colon, value.
            #expect(html.contains("<span class=\"hl-key\">for</span><span class=\"hl-operator\">:</span> 5m"), "\(html)")
        }
    }

    @Test func lineSeparatorsInPagesAreText() {
        let result = site(["content/fine.md": Self.page + "one\u{2028}two\u{85}three\n"]).build()
        #expect(result.diagnostics.isEmpty, "\(result.diagnostics.listing)")
        #expect(result.content(ofPage: "/fine/")?.contains("<p>one\u{2028}two\u{85}three</p>") == true)
    }

    @Test func loneCarriageReturnsEndLines() {
        let page = Self.page.replacingOccurrences(of: "\n", with: "\r") + "{{% rule \"fine.yml\" \"Missing\" %}}\r"
        let rules = Self.rules.replacingOccurrences(of: "\n", with: "\r")
        let result = site(["content/fine.md": page, "rules/fine.yml": rules]).build()
        #expect(result.diagnostics.places(.ruleNotFound) == ["content/fine.md:7:1"], "\(result.diagnostics.listing)")
        #expect(result.content(ofPage: "/fine/")?.contains("up == 0") == true)
    }

    @Test func nulIsReadAsReplacementCharacterWithAWarning() {
        let fixture = site([:])
        writeBytes(fixture, "content/nul.md", Array("---\ntitle: Nul\n---\nbefore".utf8) + [0] + Array(" after\n".utf8))
        let result = fixture.build()
        #expect(result.diagnostics.places(.controlCharacter) == ["content/nul.md:4:7"], "\(result.diagnostics.listing)")
        #expect(result.content(ofPage: "/nul/") == "<p>before\u{FFFD} after</p>\n")
    }

    @Test func invalidUTF8IsALocatedError() {
        let fixture = site([:])
        writeBytes(fixture, "content/latin1.md", Array("---\ntitle: Caf".utf8) + [0xE9] + Array("\n---\n".utf8))
        writeBytes(fixture, "rules/latin1.yml", Array("groups:\n  - name: G\n    rules:\n      - alert: A\n        expr: caf".utf8) + [0xE9, 0x0A])
        writeBytes(fixture, "config.yaml", Array("title: Caf".utf8) + [0xE9, 0x0A])
        let result = fixture.build()
        #expect(result.diagnostics.places(.fileEncoding) == ["content/latin1.md:2:11", "rules/latin1.yml:5:18"],
                "\(result.diagnostics.listing)")
        #expect(result.diagnostics.messages(.fileEncoding).first == "byte 0xE9 is not valid UTF-8 here; save the file as UTF-8")
        let (_, configProblems) = ConfigLoader.load(sourceDirectory: fixture.root)
        #expect(configProblems.places(.fileEncoding) == ["config.yaml:1:11"])
    }

    @Test func everyTwoByteSequenceBuildsOrIsDiagnosed() {
        // Not a fuzzer, but every pair of bytes after a valid page: never a trap.
        let fixture = site([:])
        for first in stride(from: 0, through: 255, by: 17) {
            for second in [0x00, 0x0A, 0x0D, 0x80, 0xC2, 0xE2, 0xFF] {
                writeBytes(fixture, "rules/odd.yml", Array(Self.rules.utf8) + [UInt8(first), UInt8(second)])
                writeBytes(fixture, "content/odd.md", Array(Self.page.utf8) + [UInt8(first), UInt8(second)])
                let result = fixture.build()
                #expect(result.site.pageIndex(atURL: "/fine/") != nil)
            }
        }
    }

    // MARK: Diagnostics cannot forge lines

    static let forged = "x\n::error file=a.md::forged\r\u{1B}[2J\u{202E}"

    @Test func controlCharactersAreEscapedInEveryFormat() {
        let diagnostic = Diagnostic(.ruleNotFound, "alert '\(Self.forged)' not found",
                                    at: SourceLocation(file: "content/a\nb,c:d.md", line: 3, column: 1))
        let escaped = "alert 'x\\n::error file=a.md::forged\\r\\u{1B}[2J\\u{202E}' not found"
        #expect(diagnostic.message == escaped)
        #expect(diagnostic.description == "content/a\\nb,c:d.md:3:1: error: \(escaped) [rule-not-found]")
        #expect(!TextReport.line(diagnostic, colour: true).contains("\n"))
        #expect(GitHubReport.line(diagnostic)
            == "::error file=content/a%0Ab%2Cc%3Ad.md,line=3,col=1,title=rule-not-found::\(escaped)")
        let json = JSONReport.render([diagnostic], summary: LintSummary(diagnostics: [diagnostic], pages: 1, rulesResolved: 0, milliseconds: 0))
        #expect(json.contains(#""message": "alert 'x\\n::error file=a.md::forged\\r\\u{1B}[2J\\u{202E}' not found""#))
        #expect(json.contains(#""file": "content/a\nb,c:d.md""#))
        let sarif = SARIFReport.render([diagnostic], toolVersion: "test")
        #expect(!sarif.contains("\u{1B}"))
        #expect(DiagnosticText.escaped("tab\tstays") == "tab\tstays")
    }

    @Test func aNewlineFromFrontMatterCannotStartALine() {
        let page = "---\ntitle: T\ndate: \"2024\\n::error::forged\"\n---\nbody\n"
        let result = site(["content/d.md": page]).build { $0.reportLintChecks = true }
        let lines = result.diagnostics.filter { $0.code == .frontMatterType }.map(\.description)
        #expect(lines == ["content/d.md:3:1: warning: `date` is not a date: '2024\\n::error::forged' (write e.g. 2024-01-31 or 2024-01-31T12:00:00Z) [front-matter-type]"])
    }
}
