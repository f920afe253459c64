/// The front matter schema a site declares under `runbook.frontMatter` in config.yaml: keys
/// every regular page must have (`front-matter-required`), the type, allowed values and pattern
/// of a key (`front-matter-type`, `front-matter-value`), and keys nobody declared
/// (`front-matter-unknown-key`, info). Types of Hugo's own keys are checked while parsing.
///
///     runbook:
///       frontMatter:
///         required: [title, severity]
///         keys:
///           severity: { allowed: [critical, warning, info] }
///           owner: { type: string, pattern: "^@[a-z0-9-]+$" }
struct FrontMatterSchemaCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.frontMatterRequired, .frontMatterType, .frontMatterValue, .frontMatterUnknownKey] }

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        let page = context.site.pages[index]
        guard let file = page.sourcePath else { return [] }
        let schema = context.site.config.lint.frontMatter
        let frontMatter = page.frontMatter
        var diagnostics: [Diagnostic] = []

        // An empty file is reported once, as `empty-page`.
        if page.kind == .page, !(page.isEmpty && frontMatter.entries.isEmpty) {
            for key in schema.required {
                if let entry = frontMatter.entry(key), entry.value != .null { continue }
                var hint = "`\(key): …`"
                if let allowed = schema.keys.first(where: { $0.name == key })?.rule.allowed, !allowed.isEmpty {
                    hint = "`\(key): \(allowed[0])` (one of \(allowed.joined(separator: ", ")))"
                }
                diagnostics.append(Diagnostic(.frontMatterRequired,
                    "front matter lacks `\(key)`, which runbook.frontMatter.required in config.yaml asks every page for; add \(hint)",
                    at: SourceLocation(file: file, line: 1, column: 1)))
            }
        }

        for entry in frontMatter.entries {
            let location = SourceLocation(file: file, line: entry.line, column: entry.column)
            guard let rule = schema.keys.first(where: { $0.name == entry.key })?.rule else {
                if schema.reportUnknownKeys, !FrontMatter.knownKeys.contains(entry.key), !schema.required.contains(entry.key) {
                    let known = FrontMatter.knownKeys.union(schema.keys.map(\.name))
                    let match = closestMatch(to: entry.key, in: known.sorted())
                    let suggestion = match.map { " (did you mean `\($0)`?)" } ?? ""
                    var diagnostic = Diagnostic(.frontMatterUnknownKey,
                        "unknown front matter key `\(entry.key)`\(suggestion); fix its spelling, or declare it under runbook.frontMatter.keys in config.yaml",
                        at: location)
                    diagnostic.fix = match.map { DiagnosticFix(replacing: entry.key, with: $0) }
                    diagnostics.append(diagnostic)
                }
                continue
            }
            if entry.value == .null { continue }
            if let type = rule.type, !Self.matches(entry.value, type: type) {
                diagnostics.append(Diagnostic(.frontMatterType,
                    "`\(entry.key)` should be \(Self.describe(type)), not a \(entry.value.typeName) (runbook.frontMatter.keys.\(entry.key).type in config.yaml)",
                    at: location))
                continue
            }
            let values: [DataValue]
            if case .list(let items) = entry.value { values = items } else { values = [entry.value] }
            for value in values {
                let text = value.text ?? ""
                if let allowed = rule.allowed, !allowed.contains(text) {
                    let suggestion = closestMatch(to: text, in: allowed).map { " (did you mean `\($0)`?)" } ?? ""
                    diagnostics.append(Diagnostic(.frontMatterValue,
                        "`\(entry.key)` is '\(text)', which is not one of \(allowed.joined(separator: ", "))\(suggestion); use an allowed value or extend runbook.frontMatter.keys.\(entry.key).allowed in config.yaml",
                        at: location))
                } else if let pattern = rule.pattern, let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
                    diagnostics.append(Diagnostic(.frontMatterValue,
                        "`\(entry.key)` is '\(text)', which does not match the pattern \(pattern) set in runbook.frontMatter.keys.\(entry.key).pattern",
                        at: location))
                }
            }
        }
        return diagnostics
    }

    static func matches(_ value: DataValue, type: FrontMatterSchema.ValueType) -> Bool {
        switch (type, value) {
        case (.string, .string), (.string, .timestamp): true
        case (.integer, .int): true
        case (.number, .int), (.number, .double): true
        case (.boolean, .bool): true
        case (.date, .timestamp): true
        case (.date, .string(let text)): Timestamp.parse(text) != nil
        case (.list, .list): true
        case (.mapping, .map): true
        default: false
        }
    }

    static func describe(_ type: FrontMatterSchema.ValueType) -> String {
        switch type {
        case .string: "text"
        case .integer: "a whole number"
        case .number: "a number"
        case .boolean: "true or false"
        case .date: "a date (e.g. 2024-01-31 or 2024-01-31T12:00:00Z)"
        case .list: "a list (`[a, b]`)"
        case .mapping: "a mapping of keys to values"
        }
    }
}
