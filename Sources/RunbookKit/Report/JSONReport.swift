/// `runbook lint --format json`:
///
///     {"diagnostics": [{"severity", "code", "message", "file", "line", "column"}], "summary": {…}}
///
/// `file` is relative to the site's source folder; `line` and `column` are 1-based and null
/// only when the finding has no position.
public enum JSONReport {
    public static func render(_ diagnostics: [Diagnostic], summary: LintSummary) -> String {
        let items: [JSONValue] = diagnostics.map { diagnostic in
            .object([
                ("severity", .string(diagnostic.severity.rawValue)),
                ("code", .string(diagnostic.code.rawValue)),
                ("message", .string(diagnostic.message)),
                ("file", .optional(diagnostic.location?.file)),
                ("line", .optional(diagnostic.location?.line)),
                ("column", .optional(diagnostic.location?.column)),
            ])
        }
        let document = JSONValue.object([
            ("diagnostics", .array(items)),
            ("summary", .object([
                ("errors", .int(summary.errors)),
                ("warnings", .int(summary.warnings)),
                ("info", .int(summary.infos)),
                ("pages", .int(summary.pages)),
                ("rulesResolved", .int(summary.rulesResolved)),
                ("byCode", .object(summary.byCode.map { ($0.code, .int($0.count)) })),
            ])),
        ])
        return document.text() + "\n"
    }
}
