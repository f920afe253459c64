/// `runbook lint --format gitlab`: GitLab's Code Quality report (a JSON array in the CodeClimate
/// subset GitLab reads), for `artifacts: reports: codequality:`. GitLab compares reports of the
/// base and the merge request by `fingerprint`, so it is `FindingFingerprint` (stable across
/// commits, no line in it).
public enum GitLabCodeQualityReport {
    public static func render(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> String {
        let fingerprints = FindingFingerprint.all(diagnostics, pathPrefix: pathPrefix)
        let issues: [JSONValue] = zip(diagnostics, fingerprints).map { diagnostic, fingerprint in
            .object([
                ("type", .string("issue")),
                ("check_name", .string(diagnostic.code.rawValue)),
                ("description", .string(diagnostic.message)),
                ("categories", .array([.string("Bug Risk")])),
                ("severity", .string(severity(diagnostic.severity))),
                ("fingerprint", .string(fingerprint)),
                ("location", .object([
                    ("path", .string(pathPrefix + (diagnostic.location?.file ?? "."))),
                    ("lines", .object([("begin", .int(max(1, diagnostic.location?.line ?? 1)))])),
                ])),
            ])
        }
        return JSONValue.array(issues).text() + "\n"
    }

    /// Code Quality's scale: info, minor, major, critical, blocker.
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "major"
        case .warning: "minor"
        case .info: "info"
        }
    }
}
