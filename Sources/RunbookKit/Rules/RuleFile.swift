/// One parsed rule file.
public struct RuleFile: Sendable {
    /// Path relative to the rules folder: how `rule` shortcodes name it.
    public let path: String
    /// Path relative to the site's source folder: what diagnostics show.
    public let sourcePath: String
    public let rules: [AlertRule]
    /// Why the file (or part of it) could not be read as rule groups.
    public let problems: [Diagnostic]

    public var isValid: Bool { problems.isEmpty }

    public func rules(named name: String) -> [AlertRule] { rules.filter { $0.name == name } }
}
