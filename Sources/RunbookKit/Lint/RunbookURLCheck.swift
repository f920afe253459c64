import Foundation

/// The alert → page direction, from each alert's `runbook_url` (or `runbook`) annotation:
/// `runbook-url-dangling` when the URL is one of this site's (baseURL, a configured prefix, or a
/// path under one of its top-level sections on any host) but no page is published there — reported
/// on the annotation's line in the rule file, naming the page that was meant; `runbook-url-empty-page`
/// when the page has no content; `runbook-url-other-page` when the page does not show the alert
/// while another page does; `runbook-url-missing` (info) when the alert has no such annotation.
/// URLs into other sites (a wiki) are not followed offline.
struct RunbookURLCheck: SiteLintCheck {
    var codes: [DiagnosticCode] { [.runbookURLDangling, .runbookURLEmptyPage, .runbookURLOtherPage, .runbookURLMissing] }

    func check(context: LintContext) -> [Diagnostic] {
        let site = context.site
        let resolver = context.runbookURLs
        var diagnostics: [Diagnostic] = []
        for rule in site.rules.alerts {
            let showing = context.pagesShowingAlert[rule.id] ?? []
            guard let (annotation, target) = context.runbookTarget(of: rule) else {
                var message = "alert \"\(rule.name)\" has no `runbook_url` annotation, so its notifications do not link to a runbook"
                if let page = showing.first {
                    message += "; add `runbook_url: \(site.permalink(site.pages[page].url))` (the page that shows it)"
                } else {
                    message += "; add `runbook_url:` with the address of its page"
                }
                diagnostics.append(Diagnostic(.runbookURLMissing, message, at: rule.location))
                continue
            }
            let url = annotation.value.trimmingHorizontalWhitespace()
            let location = SourceLocation(file: rule.sourcePath, line: annotation.line, column: annotation.column)
            guard let path = target.path else { continue }
            if let page = target.page {
                if site.pages[page].isEmpty {
                    diagnostics.append(Diagnostic(.runbookURLEmptyPage,
                        "`\(annotation.key)` of alert \"\(rule.name)\" leads to \(site.pages[page].sourcePath ?? site.pages[page].url), which has no content; write that runbook or point the annotation at another page",
                        at: location))
                } else if let shower = showing.first, !showing.contains(page) {
                    let other = site.pages[shower]
                    diagnostics.append(Diagnostic(.runbookURLOtherPage,
                        "`\(annotation.key)` of alert \"\(rule.name)\" leads to \(site.pages[page].sourcePath ?? site.pages[page].url), which does not show the alert; \(other.sourcePath ?? other.contentPath) does: use \(Self.corrected(url, path: path, page: other, site: site))",
                        at: location))
                }
                continue
            }
            // The alert's permalink (`/alerts/<name>/`, or a template keyed on the name) always
            // leads somewhere: to its page, or to a page saying it has none (`AlertPermalinks`).
            if case .url(let published) = path, let base = SiteRenderer.alertsPageURL(site), published.hasPrefix(base) {
                let rest = published.dropFirst(base.count).trimmingCharacters(in: CharacterSet(charactersIn: "/"))
                if rest.contains("{{") || (rest == rule.name && AlertPermalinks.isSafe(rule.name)) { continue }
            }
            let shown = path.text
            var message = "`\(annotation.key)` of alert \"\(rule.name)\" leads to no page: nothing is published at \(shown)"
            if let meant = showing.first ?? resolver.likelyPage(for: url) {
                let page = site.pages[meant]
                let why = showing.first == meant ? "the page that shows this alert" : "the page meant, probably"
                message += "; \(why) is \(page.sourcePath ?? page.contentPath) at \(page.url): use \(Self.corrected(url, path: path, page: page, site: site))"
            } else {
                message += "; fix the URL, or write the page (runbook new \(rule.sourcePath) \(rule.name))"
            }
            diagnostics.append(Diagnostic(.runbookURLDangling, message, at: location))
        }
        return diagnostics
    }

    /// The annotation with its path replaced by the page's, keeping the host and prefix it was written with.
    static func corrected(_ url: String, path sitePath: SitePath, page: Page, site: Site) -> String {
        guard case .url(let path) = sitePath else {
            let marker = "/\(site.config.contentDir)/"
            guard let range = url.range(of: marker, options: .backwards) else { return page.contentPath }
            return String(url[..<range.upperBound]) + page.contentPath
        }
        let afterHost = url.range(of: "://").map { url[$0.upperBound...].drop { $0 != "/" } } ?? url[...]
        if let first = path.split(separator: "/").first,
           let range = afterHost.range(of: "/\(first)/") ?? afterHost.range(of: "/\(first)") {
            return String(url[..<range.lowerBound]) + page.url
        }
        return site.permalink(page.url)
    }
}
