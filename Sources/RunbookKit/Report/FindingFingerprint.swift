/// A finding's identity across commits, for code scanning (SARIF `partialFingerprints`) and
/// GitLab Code Quality (`fingerprint`): the code, the file and the message, not the line, so a
/// finding keeps its identity when lines are added above it. Identical findings in one file are
/// told apart by their order (the first, the second…), which is stable while they stay in order.
public enum FindingFingerprint {
    /// The SARIF `partialFingerprints` key; the `/v1` changes if the recipe ever does.
    public static let sarifKey = "runbookFinding/v1"

    /// One fingerprint per diagnostic, in the same order: 16 hex digits.
    public static func all(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> [String] {
        var seen: [UInt64: UInt64] = [:]
        return diagnostics.map { diagnostic in
            var hash = StableHash()
            hash.combine(diagnostic.code.rawValue)
            hash.combine(pathPrefix + (diagnostic.location?.file ?? ""))
            hash.combine(diagnostic.message)
            let occurrence = seen[hash.value, default: 0]
            seen[hash.value] = occurrence + 1
            var final = StableHash()
            final.combine(hash.value)
            final.combine(occurrence)
            return hex(final.value)
        }
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
