/// The paths a build would write (relative to the destination), worked out from the site
/// without rendering a template: what `lint` resolves internal links against. It mirrors
/// `SiteRenderer.render()` — pages, alias redirects, tag pages, the alert catalogue, the 404
/// page, sitemap, search index, theme assets — plus the static files; a test compares it with
/// a real build's outputs so the two cannot drift apart.
enum PublishedFiles {
    /// - Parameter contents: the rendered pages, to list the search index's shards exactly
    ///   (what a build must write); without them (lint) only its manifest is listed.
    static func paths(site: Site, theme: Theme, templates: TemplateSet, staticFiles: [StaticFile],
                      contents: [RenderedPage?]? = nil) -> Set<String> {
        var paths = Set<String>()
        for page in site.pages where templates.has(SiteRenderer.templateName(for: page, templates: templates)) {
            paths.insert(page.outputPath)
        }
        for page in site.pages {
            for url in page.aliasURLs {
                paths.insert(Page.outputPath(forURL: url))
            }
        }
        if !site.tags.isEmpty, site.page(atURL: "/tags/") == nil {
            if templates.has("tags") { paths.insert("tags/index.html") }
            if templates.has("tag") {
                for tag in site.tags where site.page(atURL: tag.url) == nil { paths.insert(Page.outputPath(forURL: tag.url)) }
            }
        }
        if let alertsURL = SiteRenderer.alertsPageURL(site), templates.has("alerts") {
            paths.insert(Page.outputPath(forURL: alertsURL))
        }
        if templates.has("404") { paths.insert("404.html") }
        paths.insert("sitemap.xml")
        if let contents {
            paths.formUnion(SearchIndex.build(site: site, contents: contents).files.map(\.path))
        } else {
            paths.insert(SearchIndex.manifestPath)
        }
        if site.page(atURL: "/search/") == nil, templates.has("search") { paths.insert("search/index.html") }
        for asset in theme.assets { paths.insert(asset.path) }
        for file in staticFiles { paths.insert(file.outputPath) }
        return paths
    }
}
