import Foundation

/// Where a runbook annotation URL leads: its site path (nil when the URL is not one of this
/// site's) and the page published there (nil when none is).
struct RunbookTarget: Sendable {
    let path: SitePath?
    let page: Int?
}

/// What every lint check reads: the built site, each page's rendered body, and every file the
/// site publishes. Built once per run, read-only afterwards, shared by checks on all cores.
public struct LintContext: Sendable {
    public let site: Site
    /// The rendered body of each page, by page index (nil for sections made for a folder).
    public let contents: [RenderedPage?]
    /// Every file the site publishes, relative to the destination (`runbooks/x/y/index.html`,
    /// `assets/runbook.css`, `tags/index.html`, static files, alias redirects).
    public let publishedFiles: Set<String>
    /// Alias URLs (`/old/path/`) and the page each one redirects to.
    public let aliasTargets: [String: Int]
    /// Maps `runbook:` annotation URLs to pages.
    public let runbookURLs: RunbookURLResolver
    /// Every alert's runbook annotation URL (trimmed), resolved once.
    let runbookTargets: [String: RunbookTarget]
    /// Absolute URL prefixes that stand for this site (`https://sre.run/`, the configured
    /// `runbookURLPrefixes`, and the hosts the rule annotations use for it): page links that
    /// start with one are checked like internal links.
    public let siteURLPrefixes: [String]
    /// The pages showing each alert.
    public let pagesShowingAlert: [AlertID: [Int]]
    /// Every `#fragment` each page answers to, by page index (nil for sections made for a
    /// folder): found once per page, not once per link that names an anchor.
    let anchors: [PageAnchors?]
    /// "Did you mean" candidates for broken links, sorted once per run.
    let suggestionURLs: [String]
    let suggestionFiles: [String]
    /// File names of the pages' sources (`content/x/y.md`) and their last path components.
    let sourceFiles: [(path: String, name: String)]

    public init(site: Site, contents: [RenderedPage?], publishedFiles: Set<String>) {
        self.site = site
        self.contents = contents
        self.publishedFiles = publishedFiles
        let resolver = RunbookURLResolver(site: site)
        runbookURLs = resolver
        var targets: [String: RunbookTarget] = [:]
        for rule in site.rules.alerts {
            guard let url = rule.runbookAnnotation?.value.trimmingHorizontalWhitespace(), targets[url] == nil else { continue }
            let path = resolver.sitePath(for: url)
            targets[url] = RunbookTarget(path: path, page: path == nil ? nil : resolver.page(for: url))
        }
        runbookTargets = targets

        var aliases: [String: Int] = [:]
        for (index, page) in site.pages.enumerated() {
            for url in page.aliasURLs { aliases[url] = index }
        }
        aliasTargets = aliases

        var showing: [AlertID: [Int]] = [:]
        for (index, content) in contents.enumerated() {
            for rule in content?.rules ?? [] {
                let key = rule.id
                if showing[key]?.last != index { showing[key, default: []].append(index) }
            }
        }
        pagesShowingAlert = showing
        anchors = parallelMap(contents.count) { index in contents[index].map(PageAnchors.init) }
        suggestionURLs = site.pages.map(\.url) + aliases.keys.sorted()
        suggestionFiles = publishedFiles.sorted().map { "/" + $0 }
        sourceFiles = site.pages.compactMap { page in
            page.sourcePath == nil ? nil : (page.contentPath, page.contentPath.split(separator: "/").last.map(String.init) ?? page.contentPath)
        }

        var prefixes = site.config.lint.runbookURLPrefixes
        if site.config.baseURL.contains("://") { prefixes.append(site.config.baseURL) }
        prefixes += Self.learnedPrefixes(targets)
        var seen = Set<String>()
        siteURLPrefixes = prefixes.map { $0.hasSuffix("/") ? $0 : $0 + "/" }.filter { seen.insert($0).inserted }
    }

    /// `https://srerun.github.io/prometheus-alerts/` from annotations such as
    /// `https://srerun.github.io/prometheus-alerts/runbooks/x/y/` that lead to a page of the site.
    static func learnedPrefixes(_ targets: [String: RunbookTarget]) -> [String] {
        var result = Set<String>()
        for (url, target) in targets {
            guard target.page != nil, case .url(let path)? = target.path,
                  let schemeEnd = url.range(of: "://"),
                  let first = path.split(separator: "/").first,
                  let range = url[schemeEnd.upperBound...].range(of: "/\(first)/")
            else { continue }
            result.insert(String(url[..<range.lowerBound]) + "/")
        }
        return result.sorted()
    }

    /// Where an alert's runbook annotation leads.
    func runbookTarget(of rule: AlertRule) -> (annotation: AlertRule.Entry, target: RunbookTarget)? {
        guard let annotation = rule.runbookAnnotation,
              let target = runbookTargets[annotation.value.trimmingHorizontalWhitespace()] else { return nil }
        return (annotation, target)
    }
}

/// The ids a `#fragment` can lead to on one page: its heading ids (in order, for messages) and
/// every `id`/`name` attribute of its HTML.
struct PageAnchors: Sendable {
    let headingIDs: [String]
    let headingIDSet: Set<String>
    let htmlNames: Set<String>

    init(_ content: RenderedPage) {
        headingIDs = content.markdown.headings.map(\.id)
        headingIDSet = Set(headingIDs)
        htmlNames = HTMLAttributeScanner.anchorNames(in: content.markdown.html)
    }

    func contains(_ fragment: String) -> Bool { headingIDSet.contains(fragment) || htmlNames.contains(fragment) }
}
