/// The languages code blocks are highlighted in, from the fence's info string (```` ```yaml ````).
public enum CodeLanguage: String, Sendable, CaseIterable {
    case promql, yaml, shell, console, json, sql

    /// The language a fence names (first word, case-insensitive), nil for anything else
    /// (shown plain).
    public init?(fenceInfo: String) {
        let word = fenceInfo.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "{" || $0 == "," }).first.map { $0.lowercased() } ?? ""
        switch word {
        case "promql": self = .promql
        case "yaml", "yml": self = .yaml
        case "sh", "bash", "shell", "zsh": self = .shell
        case "console", "shell-session": self = .console
        case "json": self = .json
        case "sql": self = .sql
        default: return nil
        }
    }

    /// Highlighted HTML for `code` (escaped; only span tags added).
    public func highlight(_ code: String) -> String {
        switch self {
        case .promql: PromQLHighlighter.highlight(code).html
        case .yaml: YAMLHighlighter.highlight(code)
        case .shell: ShellHighlighter.highlight(code, session: false)
        case .console: ShellHighlighter.highlight(code, session: true)
        case .json: JSONHighlighter.highlight(code)
        case .sql: SQLHighlighter.highlight(code)
        }
    }
}
