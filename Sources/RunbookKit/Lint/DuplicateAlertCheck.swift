/// `duplicate-alert`: the same alert name defined twice in one rule group. Prometheus accepts it,
/// but a page showing the alert cannot tell the rules apart (its `rule` shortcode warns
/// `rule-ambiguous`). Reported on each later definition's line, naming the first.
struct DuplicateAlertCheck: SiteLintCheck {
    var codes: [DiagnosticCode] { [.duplicateAlert] }

    func check(context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for file in context.site.rules.sortedFiles {
            var first: [GroupAlert: AlertRule] = [:]
            for rule in file.rules where rule.kind == .alert {
                let key = GroupAlert(group: rule.group, name: rule.name)
                guard let earlier = first[key] else {
                    first[key] = rule
                    continue
                }
                diagnostics.append(Diagnostic(.duplicateAlert,
                    "alert \"\(rule.name)\" is already defined in group \"\(rule.group)\" at line \(earlier.line); rename one of them (e.g. by severity) or merge them",
                    at: rule.location))
            }
        }
        return diagnostics
    }
}

/// An alert name within one rule group, the scope in which a second definition is a duplicate.
private struct GroupAlert: Hashable {
    let group: String
    let name: String
}
