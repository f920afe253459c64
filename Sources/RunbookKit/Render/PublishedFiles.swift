/// The paths a build would write (relative to the destination), worked out from the site
/// without rendering a template: what `lint` resolves internal links against, and what the
/// writer is told to expect. It mirrors `SiteRenderer.render()` — pages, alias redirects, tag
/// pages, the alert catalogue, the 404 page, sitemap, search index, theme assets — plus the
/// static files; a test compares it with a real build's outputs so the two cannot drift apart.
///
/// Two sources for one file is an error (`url-conflict`) naming both: the renderer keeps the
/// first and would otherwise silently drop the other.
enum PublishedFiles {
    /// Who writes a file, for the message when two do.
    struct Claim {
        let source: String
        let location: SourceLocation?
    }

    /// - Parameter searchFiles: the search index's files, when the caller has built it (what a
    ///   build must write); without them (lint) only its manifest is listed.
    static func paths(site: Site, theme: Theme, templates: TemplateSet, staticFiles: [StaticFile],
                      searchFiles: [String]? = nil) -> Set<String> {
        Set(claims(site: site, theme: theme, templates: templates, staticFiles: staticFiles, searchFiles: searchFiles).claims.keys)
    }

    /// Every file a build writes with its first claimant, and an error for each later claim on a taken file.
    static func claims(site: Site, theme: Theme, templates: TemplateSet, staticFiles: [StaticFile],
                       searchFiles: [String]? = nil) -> (claims: [String: Claim], conflicts: [Diagnostic]) {
        var claims: [String: Claim] = [:]
        var conflicts: [Diagnostic] = []
        func claim(_ path: String, _ source: String, at location: SourceLocation?) {
            if let first = claims[path] {
                // A page's own duplicate aliases are harmless: one redirect.
                guard first.source != source else { return }
                conflicts.append(Diagnostic(.urlConflict,
                    "\(source) and \(first.source) would both be written to \(path); change one so each file has one source",
                    at: location ?? first.location))
                return
            }
            claims[path] = Claim(source: source, location: location)
        }
        for page in site.pages where templates.has(SiteRenderer.templateName(for: page, templates: templates)) {
            // Pages sharing a URL were reported by the site builder already.
            guard claims[page.outputPath] == nil else { continue }
            claim(page.outputPath, "page \(page.sourcePath ?? page.contentPath)",
                  at: page.sourcePath.map { SourceLocation(file: $0, line: 1, column: 1) })
        }
        for page in site.pages {
            for url in page.aliasURLs {
                claim(Page.outputPath(forURL: url), "alias \(url) of \(page.sourcePath ?? page.contentPath)",
                      at: SiteBuilder.location(of: "aliases", in: page))
            }
        }
        if !site.tags.isEmpty, site.page(atURL: "/tags/") == nil {
            if templates.has("tags") { claim("tags/index.html", "the tags index", at: nil) }
            if templates.has("tag") {
                for tag in site.tags where site.page(atURL: tag.url) == nil {
                    claim(Page.outputPath(forURL: tag.url), "the page of tag '\(tag.name)'", at: nil)
                }
            }
        }
        if let alertsURL = SiteRenderer.alertsPageURL(site), templates.has("alerts") {
            let config = SourceLocation(file: site.config.file ?? "config.yaml")
            switch OutputPath.file(forURL: alertsURL) {
            case .success(let path): claim(path, "the alerts page (alertsPage \(alertsURL))", at: config)
            case .failure(let refusal):
                conflicts.append(Diagnostic(.urlInvalid, "alertsPage '\(site.config.alertsPage)' is refused: \(refusal)", at: config))
            }
        }
        if SiteRenderer.alertsPageURL(site) != nil {
            let rules = Dictionary(grouping: site.rules.alerts, by: \.name)
            for link in AlertPermalinks.links(site: site) {
                claim(link.path, "the permalink of alert \(link.name)", at: rules[link.name]?.first?.location)
            }
        }
        if !site.rules.alerts.isEmpty { claim(AlertsJSON.path, "the list of alerts", at: nil) }
        for (key, path) in MenuJSON.sections(site: site, visible: NavigationRenderer.visibleChildren(site)) {
            claim(path, "the menu list of section \(key)", at: nil)
        }
        if templates.has("404") { claim("404.html", "the 404 page", at: nil) }
        claim("sitemap.xml", "the sitemap", at: nil)
        if let searchFiles {
            for path in searchFiles { claim(path, "the search index", at: nil) }
        } else {
            claim(SearchIndex.manifestPath, "the search index", at: nil)
        }
        if site.page(atURL: "/search/") == nil, templates.has("search") { claim("search/index.html", "the search page", at: nil) }
        for asset in theme.assets { claim(asset.path, "theme asset \(asset.path)", at: nil) }
        for file in staticFiles {
            guard OutputPath.isContained(file.outputPath) else {
                conflicts.append(Diagnostic(.urlInvalid, "static file \(file.absolutePath) cannot be published at '\(file.outputPath)'",
                                            at: SourceLocation(file: file.absolutePath)))
                continue
            }
            claim(file.outputPath, "static file \(file.absolutePath)", at: SourceLocation(file: file.absolutePath))
        }
        if site.config.relativeURLs {
            for path in claims.keys.sorted() where RelativeURLs.isScriptData(path) {
                claim(String(path.dropLast(5)) + ".js", "the script copy of \(path) (relativeURLs)", at: nil)
            }
        }
        return (claims, conflicts)
    }
}
