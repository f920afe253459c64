/// One parsed rule file.
public struct RuleFile: Sendable {
    /// Path relative to the rules folder: how `rule` shortcodes name it.
    public let path: String
    /// Path relative to the site's source folder: what diagnostics show.
    public let sourcePath: String
    public let rules: [AlertRule]
    /// Why the file (or part of it) could not be read as rule groups.
    public let problems: [Diagnostic]
    /// A stable hash of the text the file was parsed from (for build digests).
    public var fingerprint: Int = 0
    /// A hash of what pages and alert files can show of the file: its rules as parsed, with
    /// their text and lines. A comment or blank line added below the last rule leaves it as
    /// it was, so `serve` re-renders nothing for such an edit. Seeded per process: for
    /// in-memory caches only.
    public let contentKey: Int

    public init(path: String, sourcePath: String, rules: [AlertRule], problems: [Diagnostic], fingerprint: Int = 0) {
        self.path = path
        self.sourcePath = sourcePath
        self.rules = rules
        self.problems = problems
        self.fingerprint = fingerprint
        var hasher = Hasher()
        hasher.combine(path)
        hasher.combine(sourcePath)
        hasher.combine(problems.isEmpty)
        for rule in rules { rule.combineShown(into: &hasher) }
        contentKey = hasher.finalize()
    }

    public var isValid: Bool { problems.isEmpty }
}
