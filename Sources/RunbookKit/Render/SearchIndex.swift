/// `search-index.json`: one small record per page (title, URL, section, description, alert,
/// headings) that the theme's script searches in the browser, offline.
enum SearchIndex {
    /// - Parameter cached: a page's record from an earlier build, when nothing in it changed.
    static func json(site: Site, contents: [RenderedPage?], cached: (Int) -> String? = { _ in nil }) -> (json: String, records: [String?]) {
        var json = "["
        var first = true
        var records = [String?](repeating: nil, count: site.pages.count)
        for (index, page) in site.pages.enumerated() where !page.frontMatter.bookHidden {
            if !first { json += "," }
            first = false
            let record = cached(index) ?? self.record(index, site: site, contents: contents)
            records[index] = record
            json += record
        }
        json += "\n]\n"
        return (json, records)
    }

    /// One page's record: a JSON object on its own line.
    static func record(_ index: Int, site: Site, contents: [RenderedPage?]) -> String {
        let page = site.pages[index]
        var json = ""
        let section = site.parent(of: index).map { site.pages[$0].title } ?? ""
        let description = page.frontMatter.description ?? contents[index]?.markdown.summary ?? ""
        let headings = (contents[index]?.markdown.headings ?? []).filter { $0.level >= 2 }.map(\.text).joined(separator: " · ")
        json += "\n{\"t\":\(jsonString(page.title)),\"u\":\(jsonString(site.publicURL(page.url))),\"s\":\(jsonString(section))"
        if !description.isEmpty { json += ",\"d\":\(jsonString(truncated(description, to: 160)))" }
        if let rule = contents[index]?.rules.first {
            json += ",\"a\":\(jsonString(rule.name))"
            if let severity = rule.severity { json += ",\"v\":\(jsonString(severity))" }
        }
        if !headings.isEmpty { json += ",\"h\":\(jsonString(truncated(headings, to: 200)))" }
        if !page.frontMatter.tags.isEmpty { json += ",\"g\":\(jsonString(page.frontMatter.tags.joined(separator: " ")))" }
        json += "}"
        return json
    }
}
