import PropertyBased
import Testing
@testable import RunbookKit

/// `alerts.json` entries are written straight as bytes; they must say what the `JSONValue`
/// tree of the same object says, whatever the labels, annotations and text in them.
@Suite struct AlertsJSONTests {
    static let texts = ["", "a", "severity", "runbook_url", "\"quoted\"", "back\\slash", "<b>", "line\nbreak", "tab\t",
                        "é", "😀", "\u{01}", "zeta", "Alpha"]

    static func reference(_ rule: AlertRule, page: String?, permalink: String?) -> String {
        func object(_ entries: [AlertRule.Entry]) -> JSONValue {
            var seen = Set<String>()
            let unique = entries.filter { seen.insert($0.key).inserted }.sorted { $0.key < $1.key }
            return .object(unique.map { ($0.key, .string($0.value)) })
        }
        return JSONValue.object([
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

    @Test func bytesSayWhatTheValueTreeSays() async {
        let text = Gen<String?>.element(of: Self.texts).map { $0 ?? "" }
        let entries = zip(text, text).array(of: 0...5).map { pairs in
            pairs.enumerated().map { AlertRule.Entry(key: $0.element.0, value: $0.element.1, line: $0.offset + 3, column: 5) }
        }
        let optional = zip(text, Gen.bool).map { $0.1 ? $0.0 : nil }
        await propertyCheck(count: 1500, input: text, entries, entries, zip(optional, optional, optional)) { name, labels, annotations, more in
            let rule = AlertRule(kind: .alert, name: name, group: name + " group", expr: more.0, pendingFor: nil, keepFiringFor: nil,
                                 labels: labels, annotations: annotations, file: "a.yml", sourcePath: "rules/a.yml", line: 12,
                                 column: 3, sourceText: "")
            let written = AlertsJSON.entry(rule, page: more.1, permalink: more.2)
            #expect(written == Self.reference(rule, page: more.1, permalink: more.2))
        }
    }
}
