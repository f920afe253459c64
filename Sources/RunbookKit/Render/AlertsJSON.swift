/// `alerts.json` at the site root: every alert of the rule files for other tools (chat bots,
/// Alertmanager templates, dashboards), sorted by name, then file and line; labels and
/// annotations sorted by key. `page` is the absolute URL of the page that shows the alert
/// (null when none does), `permalink` its `/alerts/<name>/` address (null when the name gets
/// none, see `AlertPermalinks`).
enum AlertsJSON {
    static let path = "alerts.json"

    static func file(site: Site, pageForAlert: [AlertID: Int]) -> OutputFile {
        let base = SiteRenderer.alertsPageURL(site)
        let rules = site.rules.alerts.sorted {
            ($0.name, $0.sourcePath, $0.line) < ($1.name, $1.sourcePath, $1.line)
        }
        let alerts: [JSONValue] = rules.map { rule in
            let page = pageForAlert[rule.id]
            var permalink: String?
            if let base, let link = AlertPermalinks.link(rule.name, base: base) {
                permalink = site.permalink(link.url)
            }
            return .object([
                ("name", .string(rule.name)),
                ("severity", .optional(rule.severity)),
                ("group", .string(rule.group)),
                ("file", .string(rule.sourcePath)),
                ("line", .int(rule.line)),
                ("expr", .optional(rule.expr)),
                ("labels", object(rule.labels)),
                ("annotations", object(rule.annotations)),
                ("page", .optional(page.map { site.permalink(site.pages[$0].url) })),
                ("permalink", .optional(permalink)),
            ])
        }
        return OutputFile(path: path, text: JSONValue.object([("alerts", .array(alerts))]).text(pretty: false) + "\n")
    }

    /// Entries as an object sorted by key; a repeated key keeps its first value.
    private static func object(_ entries: [AlertRule.Entry]) -> JSONValue {
        var seen = Set<String>()
        let unique = entries.filter { seen.insert($0.key).inserted }.sorted { $0.key < $1.key }
        return .object(unique.map { ($0.key, .string($0.value)) })
    }
}
