/// A page's `rule` shortcodes as HTML, under a budget. A rule shows its whole expression, YAML
/// and annotations, so a page of 5,000 shortcodes naming one rule with a 200 KB expression
/// would print a gigabyte (330 KB of input took 8.7 GB of memory before it was stopped).
/// Each rule is rendered once per page, and once the rules a page shows pass `budget` bytes,
/// that shortcode and every later one show a one-line note instead (in document order, so the
/// output is the same from run to run), with one `rule-budget-exceeded` warning for the page.
struct RuleEmbeds {
    /// Bytes of rule HTML one page may show: about a thousand ordinary rules.
    static let budget = 4 << 20

    private var used = 0
    /// Each lookup's HTML, once shown: a shortcode's rules are those of one `AlertID`.
    private var rendered: [AlertID: String] = [:]
    /// The first shortcode left out, and how many were.
    private(set) var firstOmitted: Int?
    private(set) var omittedCount = 0

    /// The HTML for shortcode `number`, which found `rules`.
    mutating func html(_ rules: [AlertRule], number: Int, templates: TemplateSet, config: SiteConfig) -> String {
        guard let first = rules.first else { return "" }
        if firstOmitted == nil {
            // Counted as the rules' HTML and a separator each.
            if let html = rendered[first.id] ?? render(rules, templates: templates, config: config),
               used + html.utf8.count + 1 <= Self.budget {
                used += html.utf8.count + 1
                rendered[first.id] = html
                return html
            }
            firstOmitted = number
        }
        omittedCount += 1
        let more = rules.count > 1 ? " and \(rules.count - 1) more of that name" : ""
        return "<div class=\"rule-missing rule-omitted\"><p>The rule <code>\(escapeHTML(first.name))</code>\(more) from "
            + "<code>\(escapeHTML(first.sourcePath))</code> is not shown here: the rules this page shows passed "
            + "\(Self.budget >> 20) MB.</p></div>"
    }

    /// The rules' HTML; nil as soon as it would pass what the page has left, so a name
    /// defined 50,000 times is not rendered whole to be left out.
    private func render(_ rules: [AlertRule], templates: TemplateSet, config: SiteConfig) -> String? {
        var parts: [String] = []
        var size = 0
        for (index, rule) in rules.enumerated() {
            let html = templates.render("rule", RuleTemplateContext(
                rule: Shared(RuleView.context(rule, config: config, index: index, count: rules.count)))) ?? ""
            size += html.utf8.count + 1
            guard used + size <= Self.budget else { return nil }
            parts.append(html)
        }
        return parts.joined(separator: "\n")
    }

    /// The page's warning, when shortcodes were left out.
    func diagnostic(_ references: [ExpandedBody.RuleReference]) -> Diagnostic? {
        guard let first = firstOmitted, first < references.count else { return nil }
        let later = omittedCount > 1 ? " and the \(grouped(omittedCount - 1)) after it" : ""
        return Diagnostic(.ruleBudgetExceeded,
            "the rules this page shows would pass \(Self.budget >> 20) MB; this `rule` shortcode\(later) show a note instead: "
                + "show each rule once, and fewer or smaller rules per page", at: references[first].location)
    }
}
