/// `sitemap.xml` in the sitemaps.org format: every page with its permalink and last change.
enum Sitemap {
    /// - Parameter cached: a page's entry from an earlier build, when the page is unchanged.
    /// The file's bytes (made as bytes: a text and then its copy were twice the file), and
    /// each page's entry for the next build to reuse (`serve`).
    static func xml(site: Site, cached: (Int) -> String? = { _ in nil }) -> (bytes: [UInt8], entries: [String?]) {
        var xml = Array("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n".utf8)
        xml.append(literal: "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n")
        var entries = [String?](repeating: nil, count: site.pages.count)
        for index in site.pages.indices.sorted(by: { site.pages[$0].url < site.pages[$1].url }) {
            let entry = cached(index) ?? self.entry(site.pages[index], site: site)
            entries[index] = entry
            xml.append(utf8Of: entry)
        }
        xml.append(literal: "</urlset>\n")
        return (xml, entries)
    }

    static func entry(_ page: Page, site: Site) -> String {
        var entry = "  <url>\n    <loc>\(escapeXML(site.permalink(page.url)))</loc>\n"
        if let modified = page.frontMatter.lastModified { entry += "    <lastmod>\(modified.w3cString)</lastmod>\n" }
        return entry + "  </url>\n"
    }
}
