import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `runbook lint` as a user runs it: the built `runbook` binary in a child process, its exit
/// status, stdout in each format, and the GitHub step summary file.
@Suite struct LintCommandTests {
    static let binary = RunbookBinary.path

    static func run(_ arguments: [String], environment: [String: String] = [:]) throws -> RunbookBinary.Run {
        try RunbookBinary.run(arguments, environment: environment)
    }

    static let brokenSite: [String: String?] = [
        LintChecksTests.web: LintFixture.edited(LintChecksTests.web, "Restart it.\n", "Restart it ([x](../cache/)).\n"),
        "content/runbooks/web/Empty.md": "",
    ]

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func exitStatuses() throws {
        let clean = LintFixture.site()
        let ok = try Self.run(["lint", "-s", clean.root])
        #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
        #expect(ok.stdout.contains("0 errors, 0 warnings"))

        let warned = LintFixture.site(["content/runbooks/web/Empty.md": ""])
        #expect(try Self.run(["lint", "-s", warned.root]).status == 0)
        #expect(try Self.run(["lint", "-s", warned.root, "--strict"]).status == 1)
        #expect(try Self.run(["lint", "-s", warned.root, "--strict", "--severity", "empty-page=info"]).status == 0)

        let broken = LintFixture.site(Self.brokenSite)
        let failed = try Self.run(["lint", "-s", broken.root])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("content/runbooks/web/WebDown.md:44:17: error: link ../cache/"))
        #expect(try Self.run(["lint", "-s", broken.root, "--severity", "link-broken=warning"]).status == 0)

        #expect(try Self.run(["lint", "-s", broken.root, "--severity", "no-such-code=error"]).status == 2)
        #expect(try Self.run(["lint", "-s", broken.root, "--format", "xml"]).status == 2)
        #expect(try Self.run(["lint", "-s", broken.root + "/nowhere"]).status == 2)
        let badConfig = LintFixture.site(["config.yaml": "runbook: [\n"])
        #expect(try Self.run(["lint", "-s", badConfig.root]).status == 2)
    }

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func formats() throws {
        let broken = LintFixture.site(Self.brokenSite)
        let json = try Self.run(["lint", "-s", broken.root, "--format", "json"])
        #expect(json.status == 1)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["diagnostics"] as? [[String: Any]])?.map { $0["code"] as? String } == ["empty-page", "link-broken"])

        let sarif = try Self.run(["lint", "-s", broken.root, "--format", "sarif"])
        let sarifObject = try #require(try JSONSerialization.jsonObject(with: Data(sarif.stdout.utf8)) as? [String: Any])
        try LintReportTests.validateSARIF(sarifObject)

        let summaryFile = broken.path("step-summary.md")
        let github = try Self.run(["lint", "-s", broken.root, "--format", "github"], environment: ["GITHUB_STEP_SUMMARY": summaryFile])
        #expect(github.status == 1)
        let lines = github.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.hasPrefix("::") })
        // Errors first (GitHub shows only 10 of a kind), then the warning.
        #expect(lines[0].contains("content/runbooks/web/WebDown.md,line=44,col=17,title=link-broken::"))
        #expect(lines[1].hasPrefix("::warning "))
        let summary = try #require(broken.read("step-summary.md"))
        #expect(summary.contains("| error | `"))
        #expect(summary.contains("`link-broken`"))
    }

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func listChecks() throws {
        let listed = try Self.run(["lint", "--list-checks"])
        #expect(listed.status == 0)
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == DiagnosticCode.allCases.count)
        #expect(lines.contains { $0.hasPrefix("runbook-url-dangling") && $0.contains("error") })
        let json = try Self.run(["lint", "--list-checks", "--format", "json"])
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
        #expect(items.map { $0["code"] as? String } == DiagnosticCode.allCases.map(\.rawValue))
    }
}
