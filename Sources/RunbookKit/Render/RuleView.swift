/// The template context for one rule, as `rule.mustache` shows it inside the page's
/// `<details>` block: a readable summary, and the rule's exact YAML text. Every value is text
/// from a rule file and reaches the page only through Mustache's escaping `{{ }}`.
enum RuleView {
    static func context(_ rule: AlertRule, config: SiteConfig, index: Int, count: Int) -> RuleFields {
        let severity = rule.severity ?? ""
        let labels = rule.labels.filter { $0.key != "severity" }.map { RuleLabel(key: $0.key, value: $0.value) }
        var fields = RuleFields(
            name: rule.name,
            kind: rule.kind.rawValue,
            isAlert: rule.kind == .alert,
            group: rule.group,
            file: rule.file,
            location: "\(rule.sourcePath):\(rule.line)",
            line: rule.line,
            source: rule.sourceText,
            severityClass: severityClass(severity),
            labels: labels,
            annotations: rule.annotations.map(annotationContext),
            isAmbiguous: count > 1,
            number: index + 1,
            count: count,
            hasLabels: !labels.isEmpty,
            hasAnnotations: !rule.annotations.isEmpty)
        if !severity.isEmpty { fields.severity = severity }
        fields.expr = rule.expr
        fields.sourceHTML = CodeLanguage.yaml.highlight(rule.sourceText)
        if let parsed = rule.parsedExpr { addExpression(parsed, rule: rule, config: config, to: &fields) }
        fields.for = rule.pendingFor
        fields.keepFiringFor = rule.keepFiringFor
        fields.locationURL = config.repositoryURL(forFile: rule.sourcePath, line: rule.line)
        return fields
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

    private static func annotationContext(_ entry: AlertRule.Entry) -> RuleAnnotation {
        let value = entry.value
        // Bytes decide for ASCII (each byte a Character) without `\r` (which joins `\n`);
        // other text goes the Character way, as before.
        let isSimple = !value.containsUTF8Byte { $0 >= 0x80 || $0 == 0x0D }
        let isURL = (value.hasPrefix("https://") || value.hasPrefix("http://"))
            && !(isSimple ? value.containsUTF8Byte { $0 == 0x20 || ($0 >= 0x09 && $0 <= 0x0D) } : value.contains(where: \.isWhitespace))
        let isMultiline = isSimple ? value.containsUTF8Byte { $0 == 0x0A } : value.contains("\n")
        return RuleAnnotation(key: entry.key, value: value, isURL: isURL, isMultiline: isMultiline)
    }
}
