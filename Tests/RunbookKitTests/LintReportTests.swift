import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The four report formats of `runbook lint`, on findings from a real lint run.
@Suite struct LintReportTests {
    /// A broken link, an empty page, a missing runbook URL (info) and a message with a comma,
    /// a colon, a percent sign and a pipe, for the escaping.
    static let diagnostics: [Diagnostic] = {
        let page = LintFixture.edited(LintChecksTests.web, "Restart it.\n", "Restart it ([x](../cache/)).\n")
        let rules = LintFixture.edited("rules/app.yml", "          runbook_url: https://runbooks.acme.test/runbooks/db/dbdown/\n", "")
        var found = LintFixture.diagnostics([LintChecksTests.web: page, "content/runbooks/web/Empty.md": "", "rules/app.yml": rules])
        found.append(Diagnostic(.configInvalid, "odd: 100% | sure, really\nsecond line", at: nil))
        return found.sorted(by: Diagnostic.reportOrder)
    }()

    static let summary = LintSummary(diagnostics: diagnostics, pages: 4, rulesResolved: 2, milliseconds: 12)

    @Test func findingsUnderTest() {
        #expect(Self.diagnostics.map(\.code.rawValue) == ["config-invalid", "empty-page", "link-broken", "runbook-url-missing"])
        #expect(Self.summary.errors == 2 && Self.summary.warnings == 1 && Self.summary.infos == 1)
    }

    @Test func textIsGroupedByFile() {
        let lines = TextReport.groupedByFile(Self.diagnostics, colour: false)
        #expect(lines == [
            "error: odd: 100% | sure, really\\nsecond line [config-invalid]",  // the newline escaped (issue 13)
            "",
            "content/runbooks/web/Empty.md:1:1: warning: the file is empty; write the runbook (at least the required sections) or delete the file [empty-page]",
            "",
            Self.diagnostics[2].description,
            "",
            Self.diagnostics[3].description,
        ])
        #expect(lines[4].hasPrefix("content/runbooks/web/WebDown.md:44:17: error: link ../cache/ leads to /runbooks/web/cache/"))
        #expect(lines[6].hasPrefix("rules/app.yml:12:9: info: alert \"DbDown\" has no `runbook_url` annotation"))
        let summary = TextReport.lintSummary(Self.summary)
        #expect(summary[0] == "4 pages, 2 rules resolved, 2 errors, 1 warning, 1 info in 12 ms")
        #expect(summary.dropFirst() == ["  config-invalid       1", "  empty-page           1", "  link-broken          1", "  runbook-url-missing  1"])
    }

    @Test func json() throws {
        let text = JSONReport.render(Self.diagnostics, summary: Self.summary)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let items = try #require(object["diagnostics"] as? [[String: Any]])
        #expect(items.count == 4)
        #expect(items[0]["file"] is NSNull && items[0]["line"] is NSNull && items[0]["column"] is NSNull)
        #expect(items[2]["severity"] as? String == "error")
        #expect(items[2]["code"] as? String == "link-broken")
        #expect(items[2]["file"] as? String == "content/runbooks/web/WebDown.md")
        #expect(items[2]["line"] as? Int == 44)
        #expect(items[2]["column"] as? Int == 17)
        #expect((items[2]["message"] as? String)?.hasPrefix("link ../cache/") == true)
        let summary = try #require(object["summary"] as? [String: Any])
        #expect(summary["errors"] as? Int == 2)
        #expect(summary["warnings"] as? Int == 1)
        #expect(summary["info"] as? Int == 1)
        #expect((summary["byCode"] as? [String: Int])?["link-broken"] == 1)
        // Field order as documented, and byte-identical on a second run.
        #expect(text.contains("\"severity\": \"error\",\n      \"code\": \"link-broken\",\n      \"message\""))
        #expect(JSONReport.render(Self.diagnostics, summary: Self.summary) == text)
    }

    @Test func github() {
        let lines = GitHubReport.render(Self.diagnostics, pathPrefix: "docs/").split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0] == "::error title=config-invalid::odd: 100%25 | sure, really\\nsecond line")
        #expect(lines[1] == "::warning file=docs/content/runbooks/web/Empty.md,line=1,col=1,title=empty-page::the file is empty; write the runbook (at least the required sections) or delete the file")
        #expect(lines[2].hasPrefix("::error file=docs/content/runbooks/web/WebDown.md,line=44,col=17,title=link-broken::link ../cache/"))
        #expect(lines[3].hasPrefix("::notice file=docs/rules/app.yml,line=12,col=9,title=runbook-url-missing::"))
        #expect(GitHubReport.escapeProperty("a,b:c%") == "a%2Cb%3Ac%25")
    }

    @Test func githubStepSummaryListsEveryFinding() {
        let markdown = GitHubReport.stepSummary(Self.diagnostics, summary: Self.summary)
        #expect(markdown.hasPrefix("## runbook lint\n\n**2 errors, 1 warning, 1 info** in 4 pages\n"))
        #expect(markdown.contains("| `link-broken` | 1 |"))
        let rows = markdown.split(separator: "\n").filter { $0.hasPrefix("| error") || $0.hasPrefix("| warning") || $0.hasPrefix("| info") }
        #expect(rows.count == 4)
        #expect(markdown.contains("odd: 100% \\| sure, really\\nsecond line"))
        #expect(markdown.contains("| warning | `content/runbooks/web/Empty.md:1:1` | `empty-page` |"))
        // Cut short before GitHub's limit, saying how many were left out.
        let short = GitHubReport.stepSummary(Self.diagnostics, summary: Self.summary, limit: 700)
        #expect(short.contains("more findings"))
        #expect(GitHubReport.stepSummary([], summary: LintSummary(diagnostics: [], pages: 1, rulesResolved: 0, milliseconds: 1)).contains("No findings."))
    }

    @Test func sarifHasTheSchemaRequiredFields() throws {
        let text = SARIFReport.render(Self.diagnostics, pathPrefix: "", toolVersion: "0.1.0")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        try Self.validateSARIF(object)
        let run = try #require((object["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.map { $0["ruleId"] as? String } == ["config-invalid", "empty-page", "link-broken", "runbook-url-missing"])
        #expect(results.map { $0["level"] as? String } == ["error", "warning", "error", "note"])
        let location = try #require(((results[2]["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "content/runbooks/web/WebDown.md")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 44)
        #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 17)
        #expect(SARIFReport.uri("content/x/MysqlTooManyConnections(>80%).md") == "content/x/MysqlTooManyConnections(%3E80%25).md")
        #expect(SARIFReport.uri("/srv/site/content/a b.md") == "file:///srv/site/content/a%20b.md")
    }

    /// The fields SARIF 2.1.0's schema requires (and GitHub code scanning reads).
    static func validateSARIF(_ object: [String: Any]) throws {
        #expect(object["version"] as? String == "2.1.0")
        #expect((object["$schema"] as? String)?.contains("sarif-2.1.0") == true)
        let runs = try #require(object["runs"] as? [[String: Any]])
        #expect(!runs.isEmpty)
        for run in runs {
            let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
            #expect(driver["name"] as? String == "runbook")
            let rules = try #require(driver["rules"] as? [[String: Any]])
            let ids = rules.compactMap { $0["id"] as? String }
            #expect(ids.count == rules.count && Set(ids).count == ids.count)
            #expect(ids == DiagnosticCode.allCases.map(\.rawValue))
            for rule in rules {
                #expect(((rule["shortDescription"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
                #expect(((rule["help"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
            }
            let results = try #require(run["results"] as? [[String: Any]])
            for result in results {
                let ruleId = try #require(result["ruleId"] as? String)
                #expect(ids.contains(ruleId))
                if let index = result["ruleIndex"] as? Int { #expect(ids[index] == ruleId) }
                #expect(["error", "warning", "note", "none"].contains(result["level"] as? String ?? "error"))
                #expect(((result["message"] as? [String: Any])?["text"] as? String)?.isEmpty == false)
                let locations = try #require(result["locations"] as? [[String: Any]])
                #expect(!locations.isEmpty)
                for location in locations {
                    let physical = try #require(location["physicalLocation"] as? [String: Any])
                    #expect(((physical["artifactLocation"] as? [String: Any])?["uri"] as? String)?.isEmpty == false)
                    let startLine = try #require((physical["region"] as? [String: Any])?["startLine"] as? Int)
                    #expect(startLine >= 1)
                }
            }
        }
    }

    @Test func outputIsDeterministic() {
        let site = LintFixture.site([
            LintChecksTests.web: LintFixture.edited(LintChecksTests.web, "Restart it.\n", "Restart it ([a](../a/), [b](../b/), [c](https://example.com/)).\n"),
            "content/runbooks/web/Empty.md": "", "content/runbooks/db/Empty.md": "",
        ])
        let first = LintFixture.lint(site).diagnostics
        let second = LintFixture.lint(site).diagnostics
        #expect(first == second)
        #expect(first == first.sorted(by: Diagnostic.reportOrder))
        let summary = LintSummary(diagnostics: first, pages: 1, rulesResolved: 1, milliseconds: 1)
        #expect(JSONReport.render(first, summary: summary) == JSONReport.render(second, summary: summary))
    }
}
