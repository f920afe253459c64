/// Every alert of the rule files with the page that explains it: the view across the whole
/// site that hugo-book does not have. A page explains an alert when it shows it with `rule`,
/// or when the alert's runbook annotation leads to it.
struct AlertCatalogue {
    let entries: [AlertEntry]
    let severityCounts: [SeverityCount]

    /// - Parameter pageForAlert: the page that shows each alert (`AlertPermalinks.pages`).
    init(site: Site, contents: [RenderedPage?], pageForAlert: [AlertID: Int]) {
        var counts: [String: Int] = [:]
        var entries: [AlertEntry] = []
        for rule in site.rules.alerts {
            let severity = rule.severity ?? ""
            counts[severity, default: 0] += 1
            var entry = AlertEntry(name: rule.name, severity: severity, severityClass: RuleView.severityClass(severity),
                                   group: rule.group, file: rule.sourcePath, line: rule.line,
                                   location: "\(rule.sourcePath):\(rule.line)")
            entry.locationURL = site.config.repositoryURL(forFile: rule.sourcePath, line: rule.line)
            entry.summary = rule.annotations.first(where: { $0.key == "summary" })?.value
            entry.expr = rule.expr
            let page = pageForAlert[rule.id]
            if let page {
                entry.runbookURL = site.publicURL(site.pages[page].url)
                entry.runbookTitle = site.pages[page].title
                entry.hasRunbook = true
            }
            entries.append(entry)
        }
        // By name without the script (it sorts by severity or file too), then where defined.
        self.entries = entries.sorted { ($0.name, $0.file, $0.line) < ($1.name, $1.file, $1.line) }
        // Most severe first, as people scan them; names without a known rank alphabetically after.
        let rank = ["critical": 0, "warning": 1, "info": 2]
        severityCounts = counts.sorted {
            let left = $0.key.isEmpty ? 4 : rank[RuleView.severityClass($0.key)] ?? 3
            let right = $1.key.isEmpty ? 4 : rank[RuleView.severityClass($1.key)] ?? 3
            return left != right ? left < right : $0.key < $1.key
        }.map {
            SeverityCount(severity: $0.key.isEmpty ? "none" : $0.key, severityClass: RuleView.severityClass($0.key), count: $0.value)
        }
    }
}
