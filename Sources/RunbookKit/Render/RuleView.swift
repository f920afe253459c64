/// The Mustache context for one rule, as `rule.mustache` shows it inside the page's
/// `<details>` block: a readable summary, and the rule's exact YAML text. Every value is text
/// from a rule file and reaches the page only through Mustache's escaping `{{ }}`.
enum RuleView {
    static func context(_ rule: AlertRule, config: SiteConfig, index: Int, count: Int) -> [String: Any] {
        let severity = rule.severity ?? ""
        var context: [String: Any] = [
            "name": rule.name,
            "kind": rule.kind.rawValue,
            "isAlert": rule.kind == .alert,
            "group": rule.group,
            "file": rule.file,
            "location": "\(rule.sourcePath):\(rule.line)",
            "line": rule.line,
            "source": rule.sourceText,
            "sourceHTML": CodeLanguage.yaml.highlight(rule.sourceText),
            "severityClass": severityClass(severity),
            "labels": rule.labels.filter { $0.key != "severity" }.map { ["key": $0.key, "value": $0.value] },
            "annotations": rule.annotations.map(annotationContext),
            "isAmbiguous": count > 1,
            "number": index + 1,
            "count": count,
        ]
        if !severity.isEmpty { context["severity"] = severity }
        if let expr = rule.expr {
            context["expr"] = expr
            addExpression(expr, rule: rule, config: config, to: &context)
        }
        if let duration = rule.pendingFor { context["for"] = duration }
        if let keep = rule.keepFiringFor { context["keepFiringFor"] = keep }
        if let url = config.repositoryURL(forFile: rule.sourcePath, line: rule.line) { context["locationURL"] = url }
        context["hasLabels"] = !(context["labels"] as? [[String: String]] ?? []).isEmpty
        context["hasAnnotations"] = !rule.annotations.isEmpty
        return context
    }

    /// A class name for the severity badge: critical, warning, info, or other.
    static func severityClass(_ severity: String) -> String {
        switch severity.lowercased() {
        case "critical", "page", "error", "high": "critical"
        case "warning", "warn", "medium": "warning"
        case "info", "low", "none", "notice": "info"
        default: "other"
        }
    }

    private static func annotationContext(_ entry: AlertRule.Entry) -> [String: Any] {
        let isURL = (entry.value.hasPrefix("https://") || entry.value.hasPrefix("http://")) && !entry.value.contains(where: \.isWhitespace)
        return [
            "key": entry.key,
            "value": entry.value,
            "isURL": isURL,
            "isMultiline": entry.value.contains("\n"),
        ]
    }

    /// HTML for the rules a `rule` shortcode found (more than one when the name is ambiguous).
    static func render(_ rules: [AlertRule], templates: TemplateSet, config: SiteConfig) -> String {
        rules.enumerated().map { index, rule in
            templates.render("rule", ["rule": context(rule, config: config, index: index, count: rules.count)]) ?? ""
        }.joined(separator: "\n")
    }
}
