import Foundation

/// The rule block's expression: laid out and highlighted by the PromQL parser, the metrics it
/// reads (each a link to a search for it), and links to the tools configured under `runbook:`.
/// Adds keys to the rule's context; `templates/rule.mustache` documents them:
/// `exprHTML` (highlighted HTML, rendered with `{{{ }}}`), `exprError`, `metrics` (`name`,
/// `searchURL`), `hasMetrics`, `tools` (`name`, `url`), `hasTools`.
extension RuleView {
    static func addExpression(_ parsed: PromQLParsedExpression, rule: AlertRule, config: SiteConfig, to fields: inout RuleFields) {
        let shown = PromQLPresentation(parsed: parsed)
        fields.exprHTML = shown.html
        fields.exprError = shown.error?.message
        fields.metrics = shown.metrics.map { name in
            RuleMetric(name: name, searchURL: config.basePath + "search/?q=" + queryEncoded(name))
        }
        fields.hasMetrics = !fields.metrics.isEmpty
        fields.tools = toolLinks(expr: parsed.trimmed, rule: rule, settings: config.ruleTools)
            .map { RuleTool(name: $0["name"] ?? "", url: $0["url"] ?? "") }
        fields.hasTools = !fields.tools.isEmpty
    }

    /// Prometheus graph, Grafana Explore, Alertmanager silence: each only when configured.
    static func toolLinks(expr: String, rule: AlertRule, settings: RuleToolSettings) -> [[String: String]] {
        var links: [[String: String]] = []
        if let prometheus = settings.prometheusURL {
            links.append(["name": "Graph in Prometheus",
                          "url": prometheus + "/graph?g0.expr=" + queryEncoded(expr) + "&g0.tab=0"])
        }
        if let grafana = settings.grafanaURL {
            var explore: [(String, JSONValue)] = []
            if let source = settings.grafanaDatasource { explore.append(("datasource", .string(source))) }
            explore.append(("queries", .array([.object([("refId", .string("A")), ("expr", .string(expr))])])))
            explore.append(("range", .object([("from", .string("now-1h")), ("to", .string("now"))])))
            let pane = JSONValue.object([("a", .object(explore))]).text(pretty: false)
            links.append(["name": "Explore in Grafana",
                          "url": grafana + "/explore?schemaVersion=1&panes=" + queryEncoded(pane)])
        }
        if let alertmanager = settings.alertmanagerURL, rule.kind == .alert {
            let filter = "{alertname=" + jsonString(rule.name) + "}"
            links.append(["name": "Silence in Alertmanager",
                          "url": alertmanager + "/#/silences/new?filter=" + queryEncoded(filter)])
        }
        return links
    }

    /// Percent-encodes every UTF-8 byte but unreserved characters (as Foundation's
    /// `addingPercentEncoding`, which cost ~26,000 instructions a call), so a query value
    /// cannot end early.
    static func queryEncoded(_ text: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + text.utf8.count / 2)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
                 UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
