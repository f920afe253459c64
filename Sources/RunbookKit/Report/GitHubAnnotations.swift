/// `runbook lint --format github` within GitHub's limits: a step shows at most 10 annotations
/// of each kind (error, warning, notice) and a job at most 50, and drops the rest silently. So
/// the findings that matter most become annotations: errors first, and within each kind those
/// in files the pull request changes; every other finding is a plain `path:line:col` log line,
/// and the step summary (`GitHubReport.stepSummary`) lists them all.
public enum GitHubAnnotations {
    public static let perKindLimit = 10
    public static let perJobLimit = 50

    /// - Parameters:
    ///   - changedFiles: files the pull request changes, as paths from the repository root (the
    ///     same form as `pathPrefix + file`), or nil outside a pull request.
    ///   - perKind: annotations of one kind at most (10 on github.com).
    ///   - total: annotations at most (50 per job; less if other steps annotate too).
    public static func render(_ diagnostics: [Diagnostic], pathPrefix: String = "", changedFiles: Set<String>? = nil,
                              perKind: Int = GitHubAnnotations.perKindLimit, total: Int = GitHubAnnotations.perJobLimit) -> String {
        let ordered = prioritised(diagnostics, pathPrefix: pathPrefix, changedFiles: changedFiles)
        var shown: [Severity: Int] = [:]
        var annotations = 0
        var output = ""
        var rest: [Diagnostic] = []
        for diagnostic in ordered {
            if shown[diagnostic.severity, default: 0] < perKind, annotations < total {
                shown[diagnostic.severity, default: 0] += 1
                annotations += 1
                output += GitHubReport.line(diagnostic, pathPrefix: pathPrefix) + "\n"
            } else {
                rest.append(diagnostic)
            }
        }
        guard !rest.isEmpty else { return output }
        output += "runbook: \(rest.count) more \(rest.count == 1 ? "finding" : "findings") than GitHub shows as annotations; all are in the step summary:\n"
        for diagnostic in rest.sorted(by: Diagnostic.reportOrder) {
            var shifted = diagnostic
            shifted.location?.file = pathPrefix + (diagnostic.location?.file ?? "")
            // Never at the start of a line: a path or message that begins with `::` stays text.
            output += "runbook: " + GitHubReport.escapeData(shifted.description) + "\n"
        }
        return output
    }

    /// Errors, then warnings, then infos; within each, findings in changed files first; then
    /// the usual report order.
    public static func prioritised(_ diagnostics: [Diagnostic], pathPrefix: String = "", changedFiles: Set<String>?) -> [Diagnostic] {
        func rank(_ severity: Severity) -> Int {
            switch severity {
            case .error: 0
            case .warning: 1
            case .info: 2
            }
        }
        func changed(_ diagnostic: Diagnostic) -> Bool {
            guard let changedFiles, let file = diagnostic.location?.file else { return false }
            return changedFiles.contains(pathPrefix + file)
        }
        return diagnostics.sorted { lhs, rhs in
            if rank(lhs.severity) != rank(rhs.severity) { return rank(lhs.severity) < rank(rhs.severity) }
            if changed(lhs) != changed(rhs) { return changed(lhs) }
            return Diagnostic.reportOrder(lhs, rhs)
        }
    }
}
