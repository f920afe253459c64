/// `alert-without-runbook`: an alert that no page shows with `rule` and whose runbook annotation
/// leads to no page of the site (missing, or dangling). Alerts whose annotation points into
/// another site (a wiki) have a runbook elsewhere and are left alone. At the alert's line.
struct AlertWithoutRunbookCheck: SiteLintCheck {
    var codes: [DiagnosticCode] { [.alertWithoutRunbook] }

    func check(context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for rule in context.site.rules.alerts where context.pagesShowingAlert[rule.id] == nil {
            let why: String
            if let (annotation, target) = context.runbookTarget(of: rule) {
                guard target.path != nil, target.page == nil else { continue }
                why = "no page shows it and its `\(annotation.key)` leads to no page"
            } else {
                why = "no page shows it and it has no `runbook_url` annotation"
            }
            diagnostics.append(Diagnostic(.alertWithoutRunbook,
                "alert \"\(rule.name)\" has no runbook: \(why); write one (runbook new \(rule.sourcePath) \(rule.name)) or point `runbook_url` at an existing page",
                at: rule.location))
        }
        return diagnostics
    }
}
