/// `runbook lint`'s text format: the compiler-style lines of `TextReport`, one block per file
/// (a blank line between files), then the totals and the count of each code.
extension TextReport {
    public static func groupedByFile(_ diagnostics: [Diagnostic], colour: Bool) -> [String] {
        var lines: [String] = []
        var currentFile: String??
        for diagnostic in diagnostics {
            let file = diagnostic.location?.file
            if let previous = currentFile, previous != file { lines.append("") }
            currentFile = .some(file)
            lines.append(line(diagnostic, colour: colour))
        }
        return lines
    }

    /// `1,109 pages, 581 rules resolved, 9 errors, 650 warnings, 3 info in 420 ms`, then
    /// `  rule-not-found: 9` for each code found.
    public static func lintSummary(_ summary: LintSummary) -> [String] {
        var lines = [Self.summary(pages: summary.pages, rules: summary.rulesResolved, errors: summary.errors,
                                  warnings: summary.warnings, infos: summary.infos, milliseconds: summary.milliseconds)]
        let width = summary.byCode.map(\.code.count).max() ?? 0
        for (code, count) in summary.byCode {
            lines.append("  " + code + String(repeating: " ", count: width - code.count) + "  " + grouped(count))
        }
        return lines
    }
}
