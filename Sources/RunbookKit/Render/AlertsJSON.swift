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
            if position > 0 { bytes.append(UInt8(ascii: ",")) }
            guard let memo else {
                appendEntry(rule, page: page, permalink: permalink, to: &bytes)
                continue
            }
            var hasher = Hasher()
            rule.combineShown(into: &hasher)  // not the parsed expression: hashing its tree cost more than the entry
            hasher.combine(page)
            hasher.combine(permalink)
            let key = hasher.finalize()
            let entry = memo.alertEntries[key] ?? self.entry(rule, page: page, permalink: permalink)
            kept[key] = entry
            bytes.append(utf8Of: entry)
        }
        memo?.alertEntries = kept
        bytes.append(literal: "]}\n")
        return OutputFile(path: path, bytes: bytes)
    }

    static func entry(_ rule: AlertRule, page: String?, permalink: String?) -> String {
        var bytes: [UInt8] = []
        appendEntry(rule, page: page, permalink: permalink, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// One alert's object, compact, written straight into the file: made as a `JSONValue`
    /// tree (a boxed value per field), it was a third of the generated files' time at 100x.
    /// Says what `JSONValue.text(pretty: false)` says of the same object (tested).
    static func appendEntry(_ rule: AlertRule, page: String?, permalink: String?, to bytes: inout [UInt8]) {
        func field(_ name: StaticString, first: Bool = false) {
            if !first { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            bytes.append(literal: name)
            bytes.append(literal: "\":")
        }
        func text(_ value: String?) {
            if let value { appendJSONString(value, to: &bytes) } else { bytes.append(literal: "null") }
        }
        bytes.append(UInt8(ascii: "{"))
        field("name", first: true); text(rule.name)
        field("severity"); text(rule.severity)
        field("group"); text(rule.group)
        field("file"); text(rule.sourcePath)
        field("line"); appendDecimal(rule.line, to: &bytes)
        field("expr"); text(rule.expr)
        field("labels"); appendObject(rule.labels, to: &bytes)
        field("annotations"); appendObject(rule.annotations, to: &bytes)
        field("page"); text(page)
        field("permalink"); text(permalink)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Entries as an object sorted by key; a repeated key keeps its first value.
    private static func appendObject(_ entries: [AlertRule.Entry], to bytes: inout [UInt8]) {
        var seen = Set<String>()
        let unique = entries.filter { seen.insert($0.key).inserted }.sorted { $0.key < $1.key }
        bytes.append(UInt8(ascii: "{"))
        for (offset, entry) in unique.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            appendJSONString(entry.key, to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            appendJSONString(entry.value, to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }
}
