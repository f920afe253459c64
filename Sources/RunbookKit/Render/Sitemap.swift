/// `sitemap.xml` in the sitemaps.org format: every page with its permalink and last change.
enum Sitemap {
    static func xml(site: Site) -> String {
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\n"
        xml += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n"
        for page in site.pages.sorted(by: { $0.url < $1.url }) {
            xml += "  <url>\n    <loc>\(escapeXML(site.permalink(page.url)))</loc>\n"
            if let modified = page.frontMatter.lastModified { xml += "    <lastmod>\(modified.w3cString)</lastmod>\n" }
            xml += "  </url>\n"
        }
        xml += "</urlset>\n"
        return xml
    }
}
