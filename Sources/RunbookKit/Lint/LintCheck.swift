/// One lint check: a named rule over the built site that reports diagnostics with stable codes.
/// Page checks look at one page at a time (the runner spreads them over all cores); site checks
/// look at the site as a whole (the rule files against the pages).
public protocol LintCheck: Sendable {
    /// The codes the check reports.
    var codes: [DiagnosticCode] { get }
}

protocol PageLintCheck: LintCheck {
    /// Diagnostics for the page at `index`; only called for pages with a source file.
    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic]
}

protocol SiteLintCheck: LintCheck {
    func check(context: LintContext) -> [Diagnostic]
}
