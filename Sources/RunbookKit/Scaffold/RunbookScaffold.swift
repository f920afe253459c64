import Foundation

/// `runbook new`: writes the page for an alert from its rule, in the layout the corpus uses —
/// front matter, `# Alert`, the rule in a `<details>` block, and the required sections with
/// prompts filled from the rule (its summary, its PromQL to paste into Prometheus).
public enum RunbookScaffold {
    public struct Plan: Sendable, Equatable {
        /// Path of the new page, relative to the source folder.
        public let path: String
        public let text: String
        /// The page's URL once built.
        public let url: String
        /// Set when the alert's runbook annotation does not lead to the new page: what to put there.
        public let annotationHint: String?
    }

    public enum Problem: Error, CustomStringConvertible, Equatable {
        case ruleFileNotFound(String, suggestion: String?)
        case alertNotFound(String, file: String, suggestion: String?)

        public var description: String {
            switch self {
            case let .ruleFileNotFound(path, suggestion):
                "rule file \(path) does not exist" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
            case let .alertNotFound(alert, file, suggestion):
                "alert \"\(alert)\" is not defined in \(file)" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
            }
        }
    }

    /// Plans pages for the named alerts of a rule file, or — with no names — for each alert of
    /// the file that no page shows yet.
    public static func plan(ruleFile rawPath: String, alerts names: [String], result: BuildResult) throws(Problem) -> [Plan] {
        let site = result.site
        let rules = site.rules
        var path = rawPath
        if path.hasPrefix(rules.folder + "/") { path.removeFirst(rules.folder.count + 1) }
        guard let file = rules.files[path] else {
            throw .ruleFileNotFound(rawPath, suggestion: closestMatch(to: path, in: rules.files.keys).map { rules.folder + "/" + $0 })
        }
        let alerts = file.rules.filter { $0.kind == .alert }
        var chosen: [AlertRule] = []
        if names.isEmpty {
            let shown = Set(result.contents.compactMap { $0 }.flatMap(\.rules).map { "\($0.file)\u{0}\($0.name)" })
            let resolver = RunbookURLResolver(site: site)
            chosen = alerts.filter { alert in
                !shown.contains("\(alert.file)\u{0}\(alert.name)")
                    && alert.runbookAnnotation.flatMap({ resolver.page(for: $0.value) }) == nil
            }
        } else {
            for name in names {
                guard let alert = alerts.first(where: { $0.name == name }) else {
                    throw .alertNotFound(name, file: file.sourcePath, suggestion: closestMatch(to: name, in: alerts.map(\.name)))
                }
                chosen.append(alert)
            }
        }
        var seen = Set<String>()
        return chosen.filter { seen.insert($0.name).inserted }.map { plan(for: $0, site: site) }
    }

    static func plan(for alert: AlertRule, site: Site) -> Plan {
        let config = site.config
        let resolver = RunbookURLResolver(site: site)
        // Where the alert's annotation already points, if that names a folder; else beside the
        // other pages of its rule file: <BookSection>/<rule file name>/.
        var folder: String
        if let annotation = alert.runbookAnnotation, let sitePath = resolver.sitePath(for: annotation.value),
           !sitePath.hasPrefix("content:"), sitePath.split(separator: "/").count >= 2 {
            let parts = sitePath.split(separator: "/").dropLast()
            folder = parts.map(String.init).joined(separator: "/")
            if let section = site.sections.keys.first(where: { PageReader.directoryURL($0) == "/" + folder + "/" }) { folder = section }
        } else {
            let section = config.bookSection.flatMap { $0 == "*" ? nil : $0.trimmingSlashes() } ?? "runbooks"
            let base = (alert.file.split(separator: "/").last.map(String.init) ?? alert.file)
            let name = base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
            folder = section.isEmpty ? name : section + "/" + name
        }
        let contentPath = folder + "/" + alert.name + ".md"
        let url = PageReader.directoryURL(folder) + HugoPath.urlSegment(alert.name) + "/"
        var hint: String?
        let target = config.baseURL.contains("://") ? site.permalink(url) : site.publicURL(url)
        if alert.runbookAnnotation.flatMap({ resolver.page(for: $0.value) }) == nil,
           resolver.sitePath(for: alert.runbookAnnotation?.value ?? "") != url {
            hint = "add `runbook_url: \(target)` to the annotations of \(alert.name) (\(alert.sourcePath):\(alert.line))"
        }
        return Plan(path: joinPath(config.contentDir, contentPath), text: text(for: alert, config: config), url: url, annotationHint: hint)
    }

    static func text(for alert: AlertRule, config: SiteConfig) -> String {
        let summary = alert.annotations.first { $0.key == "summary" }?.value
        let description = alert.annotations.first { $0.key == "description" }?.value
            .split(separator: "\n").first.map(String.init)
        var lines = [
            "---",
            "title: \(yamlScalar(alert.name))",
            "description: \(yamlScalar("What to do when \(alert.name) fires"))",
            "tags:",
            "  - \(yamlScalar(alert.severity ?? "alert"))",
            "editor: markdown",
            "---",
            "",
            "# \(alert.name)",
            "",
            description ?? summary ?? "What this alert means, in one sentence.",
            "",
            "<details>",
            "  <summary>Alert Rule</summary>",
            "",
            "{{% rule \"\(alert.file)\" \"\(alert.name)\" %}}",
            "",
            "</details>",
            "",
        ]
        for section in config.lint.requiredSections {
            lines.append("## \(section)")
            lines.append("")
            switch section.lowercased() {
            case "meaning":
                lines.append("What \(alert.name) tells the on-call engineer\(summary.map { ": \($0)" } ?? ""). Explain the condition in plain words and why it matters.")
            case "impact":
                lines.append("Who or what is affected while this alert fires, and how badly (severity: \(alert.severity ?? "unset")).")
            case "diagnosis":
                lines.append("Steps to confirm the problem and find its cause. Start with the alert's query:")
                if let expr = alert.expr {
                    lines.append("")
                    lines.append("```promql")
                    lines.append(expr.trimmingCharacters(in: .whitespacesAndNewlines))
                    lines.append("```")
                }
            case "mitigation":
                lines.append("Steps to stop the impact, then to fix the cause. Say when to escalate, and to whom.")
            default:
                lines.append("TODO")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Quotes a YAML scalar when plain style would change its meaning.
    static func yamlScalar(_ text: String) -> String {
        let special = ":#[]{}&*!|>'\"%@`,"
        let needsQuotes = text.isEmpty || text.first == " " || text.last == " " || text.contains(where: { special.contains($0) })
            || PlainScalar.resolve(text) != .string(text)
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
