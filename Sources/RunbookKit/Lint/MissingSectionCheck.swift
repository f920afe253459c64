/// `missing-section`: a page that shows a rule lacks one of the `##` sections that
/// `runbook.requiredSections` names (default Meaning, Impact, Diagnosis, Mitigation). Headings
/// match ignoring case, surrounding spaces and a trailing colon. One finding per page, naming
/// every missing section, at the page's `# Title` (or its first line).
struct MissingSectionCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.missingSection] }

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        let required = context.site.config.lint.requiredSections
        guard !required.isEmpty, let file = context.site.pages[index].sourcePath,
              let content = context.contents[index], !content.expanded.ruleReferences.isEmpty else { return [] }
        let present = Set(content.markdown.headings.filter { $0.level == 2 }.map { Self.normalised($0.text) })
        let missing = required.filter { !present.contains(Self.normalised($0)) }
        guard !missing.isEmpty else { return [] }
        let line = content.markdown.headings.first { $0.level == 1 }?.line ?? 1
        let list = missing.map { "`## \($0)`" }.joined(separator: ", ")
        let noun = missing.count == 1 ? "section" : "sections"
        return [Diagnostic(.missingSection,
            "runbook lacks the required \(noun) \(list); add \(missing.count == 1 ? "it" : "them"), or change runbook.requiredSections in config.yaml",
            at: SourceLocation(file: file, line: line, column: 1))]
    }

    static func normalised(_ text: String) -> String {
        var result = Substring(text.lowercased())
        while let last = result.last, last == ":" || last.isWhitespace { result.removeLast() }
        while let first = result.first, first.isWhitespace { result.removeFirst() }
        return String(result)
    }
}
