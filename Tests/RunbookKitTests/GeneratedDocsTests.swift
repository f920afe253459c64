import Foundation
import RunbookKit
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
        for code in DiagnosticCode.catalogue {
            #expect(text.contains("\n### \(code.rawValue)\n"), "no section for \(code.rawValue)")
        }
    }
}
