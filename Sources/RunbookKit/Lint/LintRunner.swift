/// Runs every offline lint check over a built site. The build pipeline calls it when
/// `BuildOptions.reportLintChecks` is set, before the severity policy is applied, so lint
/// findings obey `--severity` and config.yaml like every other diagnostic.
///
/// Some lint codes are found while the site is parsed and rendered (front-matter-type,
/// title-missing, setext-heading, duplicate-heading, unsafe-html, the rule and shortcode codes);
/// the runner reports only what those stages cannot know, and never a finding twice.
public enum LintRunner {
    static let pageChecks: [any PageLintCheck] = [
        FrontMatterSchemaCheck(),
        EmptyPageCheck(),
        MissingSectionCheck(),
        PlaceholderLinkCheck(),
        InternalLinkCheck(),
        StaleRuleCopyCheck(),
    ]

    static let siteChecks: [any SiteLintCheck] = [
        DuplicateAlertCheck(),
        RuleExpressionCheck(),
        RunbookURLCheck(),
        AlertWithoutRunbookCheck(),
    ]

    /// Every check that runs offline, page checks first.
    public static var checks: [any LintCheck] { pageChecks.map { $0 as any LintCheck } + siteChecks.map { $0 as any LintCheck } }

    /// The diagnostics of every offline check, minus any that `existing` (what the build stages
    /// reported) already holds at the same place with the same code.
    public static func run(_ context: LintContext, existing: [Diagnostic] = []) -> [Diagnostic] {
        let site = context.site
        let perPage: [[Diagnostic]] = parallelMap(site.pages.count) { index in
            guard site.pages[index].sourcePath != nil else { return [] }
            let links = context.contents[index].map { PageLinkInventory.links(of: site.pages[index], content: $0) } ?? []
            return pageChecks.flatMap { $0.check(page: index, context: context, links: links) }
        }
        let perSite: [[Diagnostic]] = parallelMap(siteChecks.count) { siteChecks[$0].check(context: context) }
        let reported = Set(existing.map(DiagnosticKey.init))
        return (perPage.flatMap { $0 } + perSite.flatMap { $0 }).filter { !reported.contains(DiagnosticKey($0)) }
    }

    /// Every link on every page, for `--external`.
    public static func links(_ context: LintContext) -> [(page: Int, link: PageLink)] {
        let site = context.site
        let perPage: [[PageLink]] = parallelMap(site.pages.count) { index in
            guard site.pages[index].sourcePath != nil, let content = context.contents[index] else { return [] }
            return PageLinkInventory.links(of: site.pages[index], content: content)
        }
        return perPage.enumerated().flatMap { index, links in links.map { (index, $0) } }
    }
}

/// Two diagnostics are the same finding when code, file and line agree.
struct DiagnosticKey: Hashable {
    let code: String
    let file: String?
    let line: Int?

    init(_ diagnostic: Diagnostic) {
        code = diagnostic.code.rawValue
        file = diagnostic.location?.file
        line = diagnostic.location?.line
    }
}
