/// One parsed rule file.
public struct RuleFile: Sendable {
    /// Path relative to the rules folder: how `rule` shortcodes name it.
    public let path: String
    /// Path relative to the site's source folder: what diagnostics show.
    public let sourcePath: String
    public let rules: [AlertRule]
    /// Why the file (or part of it) could not be read as rule groups.
    public let problems: [Diagnostic]
    /// A stable hash of the text the file was parsed from (for `serve`'s cache and build digests).
    public var fingerprint: Int = 0

    public var isValid: Bool { problems.isEmpty }

    public func rules(named name: String) -> [AlertRule] { rules.filter { $0.name == name } }
}
