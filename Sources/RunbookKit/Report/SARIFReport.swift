import Foundation

/// `runbook lint --format sarif`: SARIF 2.1.0 for GitHub code scanning and other viewers. Every
/// diagnostic code is a rule (id, summary, help, default level); every finding a result with
/// its file and region.
public enum SARIFReport {
    public static let schema = "https://json.schemastore.org/sarif-2.1.0.json"

    /// - Parameters:
    ///   - pathPrefix: the source folder as seen from the repository root, put in front of
    ///     every file (SARIF viewers resolve paths against the repository).
    ///   - toolVersion: `runbook --version`.
    public static func render(_ diagnostics: [Diagnostic], pathPrefix: String = "", toolVersion: String) -> String {
        let codes = DiagnosticCode.allCases
        var ruleIndex: [String: Int] = [:]
        for (index, code) in codes.enumerated() { ruleIndex[code.rawValue] = index }
        let rules: [JSONValue] = codes.map { code in
            .object([
                ("id", .string(code.rawValue)),
                ("name", .string(ruleName(code.rawValue))),
                ("shortDescription", .object([("text", .string(sentence(code.summary)))])),
                ("fullDescription", .object([("text", .string(sentence(code.summary)))])),
                ("help", .object([("text", .string(code.help)), ("markdown", .string(code.help))])),
                ("defaultConfiguration", .object([("level", .string(level(code.defaultSeverity)))])),
                ("properties", .object([("tags", .array([.string("runbook"), .string(code.stage.rawValue)]))])),
            ])
        }
        let fingerprints = FindingFingerprint.all(diagnostics, pathPrefix: pathPrefix)
        let results: [JSONValue] = zip(diagnostics, fingerprints).map { diagnostic, fingerprint in
            var members: [(String, JSONValue)] = [("ruleId", .string(diagnostic.code.rawValue))]
            if let index = ruleIndex[diagnostic.code.rawValue] { members.append(("ruleIndex", .int(index))) }
            members.append(("level", .string(level(diagnostic.severity))))
            members.append(("message", .object([("text", .string(diagnostic.message))])))
            let file = diagnostic.location?.file ?? "."
            var region: [(String, JSONValue)] = [("startLine", .int(max(1, diagnostic.location?.line ?? 1)))]
            if let column = diagnostic.location?.column, diagnostic.location?.line != nil {
                region.append(("startColumn", .int(max(1, column))))
            }
            members.append(("locations", .array([.object([
                ("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri(pathPrefix + file)))])),
                    ("region", .object(region)),
                ])),
            ])])))
            members.append(("partialFingerprints", .object([(FindingFingerprint.sarifKey, .string(fingerprint))])))
            return .object(members)
        }
        let document = JSONValue.object([
            ("$schema", .string(schema)),
            ("version", .string("2.1.0")),
            ("runs", .array([.object([
                ("tool", .object([("driver", .object([
                    ("name", .string("runbook")),
                    ("version", .string(toolVersion)),
                    ("rules", .array(rules)),
                ]))])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
        return document.text() + "\n"
    }

    /// SARIF levels: error, warning, note.
    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: "error"
        case .warning: "warning"
        case .info: "note"
        }
    }

    /// `rule-not-found` → `RuleNotFound`.
    static func ruleName(_ code: String) -> String {
        code.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// A URI reference for a path: relative as given, `file://` for an absolute path, with the
    /// characters a URI may not hold (`>`, `%`, spaces) percent-encoded.
    static func uri(_ path: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "%;?#[]")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return path.hasPrefix("/") ? "file://" + encoded : encoded
    }

    private static func sentence(_ text: String) -> String {
        guard let first = text.first else { return text }
        let capitalised = first.uppercased() + text.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }
}
