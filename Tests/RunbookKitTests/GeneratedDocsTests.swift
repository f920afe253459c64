import Foundation
@testable import RunbookKit
import Testing

/// Docs generated from the code must match it: a new diagnostic code, or a changed summary,
/// fails here until `scripts/generate-docs` is run.
@Suite struct GeneratedDocsTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func lintChecksReferenceIsCurrent() throws {
        let path = Self.repository.appendingPathComponent("docs/lint-checks.md").path
        let generated = LintChecksReference.markdown()
        if ProcessInfo.processInfo.environment["RUNBOOK_UPDATE_DOCS"] == "1" {
            try generated.write(toFile: path, atomically: false, encoding: .utf8)
        }
        let onDisk = try String(contentsOfFile: path, encoding: .utf8)
        #expect(onDisk == generated, "docs/lint-checks.md is stale: run scripts/generate-docs")
    }

    @Test func everyCodeHasASection() {
        let text = LintChecksReference.markdown()
        for code in DiagnosticCode.allCases {
            #expect(text.contains("\n### \(code.rawValue)\n"), "no section for \(code.rawValue)")
        }
        #expect(!text.contains("## Other checks"))
    }

    /// A new code must be placed under a heading of the reference and come with a real finding,
    /// a summary and advice, or the docs and `--list-checks` would show it half-described.
    @Test func everyCodeIsInOneGroupWithExampleSummaryAndHelp() {
        let grouped = LintChecksReference.groups.flatMap(\.codes)
        for code in DiagnosticCode.allCases {
            #expect(grouped.filter { $0 == code }.count == 1, "\(code) should be in exactly one group of LintChecksReference.groups")
            #expect(code.example?.hasSuffix("[\(code.rawValue)]") == true, "\(code) needs an example finding ending in [\(code.rawValue)]")
            #expect(code.tuning?.isEmpty == false, "\(code) needs a way to silence or tighten it")
            #expect(!code.summary.isEmpty && !code.help.isEmpty, "\(code) needs a summary and help")
            #expect(DiagnosticCode(rawValue: code.rawValue) == code)
        }
        #expect(grouped.count == DiagnosticCode.allCases.count)
    }
}
