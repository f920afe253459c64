/// `runbook lint --format github`: GitHub Actions workflow commands, one per finding,
/// `::error file=…,line=…,col=…,title=CODE::message` (info becomes `::notice`). GitHub shows
/// only ten annotations of each kind per step, so `stepSummary` renders every finding as a
/// Markdown table for `$GITHUB_STEP_SUMMARY`.
public enum GitHubReport {
    /// - Parameter pathPrefix: the source folder as seen from the repository root (`docs/`),
    ///   put in front of every file so annotations land on the right file.
    public static func render(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> String {
        diagnostics.map { line($0, pathPrefix: pathPrefix) + "\n" }.joined()
    }

    public static func line(_ diagnostic: Diagnostic, pathPrefix: String = "") -> String {
        var properties: [String] = []
        if let location = diagnostic.location {
            properties.append("file=" + escapeProperty(pathPrefix + location.file))
            if let line = location.line {
                properties.append("line=\(line)")
                if let column = location.column { properties.append("col=\(column)") }
            }
        }
        properties.append("title=" + escapeProperty(diagnostic.code.rawValue))
        return "::\(command(for: diagnostic.severity)) \(properties.joined(separator: ","))::\(escapeData(diagnostic.message))"
    }

    static func command(for severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "notice"
        }
    }

    /// The whole report as GitHub-flavoured Markdown: totals, counts per code, then every
    /// finding (cut short before GitHub's 1 MiB limit for a step summary).
    public static func stepSummary(_ diagnostics: [Diagnostic], summary: LintSummary, pathPrefix: String = "",
                                   limit: Int = 900_000) -> String {
        var text = "## runbook lint\n\n"
        text += "**\(grouped(summary.errors)) \(summary.errors == 1 ? "error" : "errors"), "
        text += "\(grouped(summary.warnings)) \(summary.warnings == 1 ? "warning" : "warnings"), "
        text += "\(grouped(summary.infos)) info** in \(grouped(summary.pages)) pages\n\n"
        guard !diagnostics.isEmpty else { return text + "No findings.\n" }
        text += "| Code | Findings |\n|---|---:|\n"
        for (code, count) in summary.byCode { text += "| `\(code)` | \(count) |\n" }
        text += "\n| Severity | Location | Code | Message |\n|---|---|---|---|\n"
        for (offset, diagnostic) in diagnostics.enumerated() {
            let place = diagnostic.location.map { cell(pathPrefix + $0.description) } ?? ""
            let row = "| \(diagnostic.severity.rawValue) | `\(place)` | `\(diagnostic.code.rawValue)` | \(cell(diagnostic.message)) |\n"
            if text.utf8.count + row.utf8.count > limit {
                text += "\n… and \(grouped(diagnostics.count - offset)) more findings; see the job log or `runbook lint --format json`.\n"
                return text
            }
            text += row
        }
        return text
    }

    /// A table cell: pipes escaped, on one line.
    private static func cell(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "|": result += "\\|"
            case "\n", "\r": result += " "
            case "`": result += "'"
            default: result.append(character)
            }
        }
        return result
    }

    static func escapeData(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "%": result += "%25"
            case "\r": result += "%0D"
            case "\n": result += "%0A"
            default: result.append(character)
            }
        }
        return result
    }

    static func escapeProperty(_ text: String) -> String {
        var result = ""
        for character in escapeData(text) {
            switch character {
            case ":": result += "%3A"
            case ",": result += "%2C"
            default: result.append(character)
            }
        }
        return result
    }
}
