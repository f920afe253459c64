/// A page's body after shortcodes and Markdown: what templates print and lint inspects.
/// A class, as `Page` is: every stage and `serve`'s cache share it, and copying the value
/// retained each of its strings and arrays.
public final class RenderedPage: Sendable {
    public let expanded: ExpandedBody
    public let markdown: RenderedMarkdown

    /// The rules the page shows, in order, each once (asked of every page by every rebuild's
    /// keys; search terms come from each: a rule repeated 5,000 times was read 5,000 times).
    public let rules: [AlertRule]

    init(expanded: ExpandedBody, markdown: RenderedMarkdown) {
        self.expanded = expanded
        self.markdown = markdown
        // A shortcode's rules are all the rules of one name in one file (one `AlertID`), and two
        // lookups that differ share no rule: each lookup is taken once.
        var lookups = Set<AlertID>()
        var rules: [AlertRule] = []
        for reference in expanded.ruleReferences {
            guard let first = reference.rules.first, lookups.insert(first.id).inserted else { continue }
            rules += reference.rules
        }
        self.rules = rules
    }

    /// Its `rule` shortcodes that found their rule.
    var resolvedRuleCount: Int { expanded.ruleReferences.count { !$0.rules.isEmpty } }

    /// What its shortcodes and Markdown reported.
    var diagnostics: [Diagnostic] { expanded.diagnostics + markdown.diagnostics }

    /// The same page without what only lint reads: the expanded Markdown text and its line map
    /// (half a gigabyte at 110,000 pages), the hidden comments' text and the links' list.
    func withoutSource() -> RenderedPage {
        var expanded = self.expanded
        expanded.markdown = ""
        expanded.lineOrigins = []
        expanded.comments = []
        var markdown = self.markdown
        markdown.links = []
        return RenderedPage(expanded: expanded, markdown: markdown)
    }
}
