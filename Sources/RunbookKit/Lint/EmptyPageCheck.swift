/// `empty-page`: a content file with nothing to read — no body, or no file content at all (the
/// corpus has 7 zero-byte pages). Section files (`_index.md`) may be empty: hugo-book's are.
struct EmptyPageCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.emptyPage] }

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        let page = context.site.pages[index]
        guard page.kind == .page, let file = page.sourcePath, page.isEmpty else { return [] }
        let what = page.frontMatter.entries.isEmpty ? "the file is empty" : "the page has front matter but no text"
        return [Diagnostic(.emptyPage,
            "\(what); write the runbook (at least the required sections) or delete the file",
            at: SourceLocation(file: file, line: 1, column: 1))]
    }
}
