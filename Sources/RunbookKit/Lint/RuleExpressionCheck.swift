/// `rule-expr-invalid`: a rule whose `expr` is not PromQL. Reported at the rule file's line and
/// column of the error inside the expression, found by walking the expression and its YAML
/// source side by side (block, plain and quoted scalars alike).
struct RuleExpressionCheck: SiteLintCheck {
    var codes: [DiagnosticCode] { [.ruleExprInvalid] }

    func check(context: LintContext) -> [Diagnostic] {
        var diagnostics: [Diagnostic] = []
        for file in context.site.rules.sortedFiles {
            for rule in file.rules {
                guard let error = rule.parsedExpr?.errorAsWritten else { continue }
                let what = rule.kind == .alert ? "alert" : "recording rule"
                diagnostics.append(Diagnostic(.ruleExprInvalid,
                    "the expression of \(what) \"\(rule.name)\" is not valid PromQL: \(error.message)",
                    at: Self.location(of: error, in: rule)))
            }
        }
        return diagnostics
    }

    /// Where `error` stands in the rule file: the rule's `expr:` line when the source cannot
    /// be matched up, else the error's own line and column.
    static func location(of error: PromQLError, in rule: AlertRule) -> SourceLocation {
        guard let expr = rule.expr else { return rule.location }
        let lines = rule.sourceText.split(separator: "\n", omittingEmptySubsequences: false)
        // The source text starts with the comment lines above the rule, then the rule's first key.
        let commentLines = lines.prefix { $0.hasPrefix("#") }.count
        guard let exprIndex = lines.indices.first(where: { $0 >= commentLines && Self.isExprKey(lines[$0], first: $0 == commentLines) }) else {
            return rule.location
        }
        let indent = rule.column - 1
        let fileLine = { (index: Int) in rule.line + index - commentLines }
        // Characters of the expression up to the error, not counting whitespace (which YAML folds).
        let bytes = Array(expr.utf8)
        let before = String(decoding: bytes[0..<min(error.offset, bytes.count)], as: UTF8.self)
        let target = before.filter { !$0.isWhitespace }.count
        let atEnd = error.offset >= bytes.count

        var line = exprIndex
        var characters = Array(lines[line])
        var column = characters.firstIndex(of: ":").map { $0 + 1 } ?? 0
        while column < characters.count, characters[column] == " " { column += 1 }
        if column < characters.count, characters[column] == "|" || characters[column] == ">" {
            line += 1  // block scalar: the text starts on the next line
            column = 0
            characters = line < lines.count ? Array(lines[line]) : []
        } else if column < characters.count, characters[column] == "\"" || characters[column] == "'" {
            column += 1
        }
        var seen = 0
        var last = (line: fileLine(line), column: indent + column + 1)
        while line < lines.count {
            while column < characters.count {
                if !characters[column].isWhitespace {
                    if seen == target && !atEnd { return SourceLocation(file: rule.sourcePath, line: fileLine(line), column: indent + column + 1) }
                    seen += 1
                    last = (fileLine(line), indent + column + 2)
                    if seen == target && atEnd { return SourceLocation(file: rule.sourcePath, line: last.line, column: last.column) }
                }
                column += 1
            }
            line += 1
            column = 0
            characters = line < lines.count ? Array(lines[line]) : []
        }
        return SourceLocation(file: rule.sourcePath, line: last.line, column: last.column)
    }

    /// `expr:` as a key of the rule (the first key line may start with `- `).
    private static func isExprKey(_ line: Substring, first: Bool) -> Bool {
        var text = line
        if first, text.hasPrefix("- ") { text = text.dropFirst(2) }
        return text.hasPrefix("expr:")
    }
}
