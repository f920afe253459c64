/// The totals a lint report ends with.
public struct LintSummary: Sendable, Equatable {
    public var pages: Int
    public var rulesResolved: Int
    public var errors: Int
    public var warnings: Int
    public var infos: Int
    public var milliseconds: Int
    /// Findings per code, in code order.
    public var byCode: [(code: String, count: Int)]

    public init(diagnostics: [Diagnostic], pages: Int, rulesResolved: Int, milliseconds: Int) {
        self.pages = pages
        self.rulesResolved = rulesResolved
        self.milliseconds = milliseconds
        errors = diagnostics.filter { $0.severity == .error }.count
        warnings = diagnostics.filter { $0.severity == .warning }.count
        infos = diagnostics.filter { $0.severity == .info }.count
        var counts: [String: Int] = [:]
        for diagnostic in diagnostics { counts[diagnostic.code.rawValue, default: 0] += 1 }
        byCode = counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    public static func == (lhs: LintSummary, rhs: LintSummary) -> Bool {
        lhs.pages == rhs.pages && lhs.rulesResolved == rhs.rulesResolved && lhs.errors == rhs.errors
            && lhs.warnings == rhs.warnings && lhs.infos == rhs.infos && lhs.milliseconds == rhs.milliseconds
            && lhs.byCode.map(\.code) == rhs.byCode.map(\.code) && lhs.byCode.map(\.count) == rhs.byCode.map(\.count)
    }

    /// Whether the run fails: errors, or warnings when `strict`.
    public func fails(strict: Bool) -> Bool { errors > 0 || (strict && warnings > 0) }
}
