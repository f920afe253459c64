/// `alerts.json` at the site root: every alert of the rule files for other tools (chat bots,
/// Alertmanager templates, dashboards), sorted by name, then file and line; labels and
/// annotations sorted by key. `page` is the absolute URL of the page that shows the alert
/// (null when none does), `permalink` its `/alerts/<name>/` address (null when the name gets
/// none, see `AlertPermalinks`).
enum AlertsJSON {
    static let path = "alerts.json"

    /// - Parameter memo: entries from the last build (`serve`), reused for unchanged alerts.
    static func file(site: Site, pageForAlert: [AlertID: Int], memo: RenderMemo? = nil) -> OutputFile {
        let base = SiteRenderer.alertsPageURL(site)
        let alerts = site.rules.alerts
        // Positions sorted, not the rules: copying a rule retains each of its strings.
        let order = alerts.indices.sorted { left, right in
            if alerts[left].name != alerts[right].name { return alerts[left].name < alerts[right].name }
            if alerts[left].sourcePath != alerts[right].sourcePath { return alerts[left].sourcePath < alerts[right].sourcePath }
            return alerts[left].line < alerts[right].line
        }
        // Written entry by entry (the compact form of {"alerts":[…]}), so each can be kept
        // (`serve`), and as bytes: the text, then a copy of it, then the file's bytes were three
        // times the file (46 MB at 100x) at a build's peak.
        var bytes = Array("{\"alerts\":[".utf8)
        var kept: [Int: String] = [:]
        for (position, index) in order.enumerated() {
            let rule = alerts[index]
            let page = pageForAlert[rule.id].map { site.permalink(site.pages[$0].url) }
            var permalink: String?
            if let base, let link = AlertPermalinks.link(rule.name, base: base) {
                permalink = site.permalink(link.url)
            }
            let entry: String
            if let memo {
                var hasher = Hasher()
                rule.combineShown(into: &hasher)  // not the parsed expression: hashing its tree cost more than the entry
                hasher.combine(page)
                hasher.combine(permalink)
                let key = hasher.finalize()
                entry = memo.alertEntries[key] ?? self.entry(rule, page: page, permalink: permalink)
                kept[key] = entry
            } else {
                entry = self.entry(rule, page: page, permalink: permalink)
            }
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += entry.utf8
        }
        memo?.alertEntries = kept
        bytes += "]}\n".utf8
        return OutputFile(path: path, bytes: bytes)
    }

    private static func entry(_ rule: AlertRule, page: String?, permalink: String?) -> String {
        JSONValue.object([
            ("name", .string(rule.name)),
            ("severity", .optional(rule.severity)),
            ("group", .string(rule.group)),
            ("file", .string(rule.sourcePath)),
            ("line", .int(rule.line)),
            ("expr", .optional(rule.expr)),
            ("labels", object(rule.labels)),
            ("annotations", object(rule.annotations)),
            ("page", .optional(page)),
            ("permalink", .optional(permalink)),
        ]).text(pretty: false)
    }

    /// Entries as an object sorted by key; a repeated key keeps its first value.
    private static func object(_ entries: [AlertRule.Entry]) -> JSONValue {
        var seen = Set<String>()
        let unique = entries.filter { seen.insert($0.key).inserted }.sorted { $0.key < $1.key }
        return .object(unique.map { ($0.key, .string($0.value)) })
    }
}
