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
        json += "\n{\"t\":\(quoted(page.title)),\"u\":\(quoted(site.publicURL(page.url))),\"s\":\(quoted(section))"
        if !description.isEmpty { json += ",\"d\":\(quoted(truncated(description, to: 160)))" }
        if let rule = contents[index]?.rules.first {
            json += ",\"a\":\(quoted(rule.name))"
            if let severity = rule.severity { json += ",\"v\":\(quoted(severity))" }
        }
        if !headings.isEmpty { json += ",\"h\":\(quoted(truncated(headings, to: 200)))" }
        if !page.frontMatter.tags.isEmpty { json += ",\"g\":\(quoted(page.frontMatter.tags.joined(separator: " ")))" }
        json += "}"
        return json
    }
}

/// A JSON string literal.
func quoted(_ text: String) -> String {
    // Most texts need no escape at all: copy them whole.
    var clean = true
    for byte in text.utf8 where byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "<") {
        clean = false
        break
    }
    if clean { return "\"" + text + "\"" }
    var result = "\""
    result.reserveCapacity(text.utf8.count + 8)
    for scalar in text.unicodeScalars {
        switch scalar {
        case "\"": result += "\\\""
        case "\\": result += "\\\\"
        case "\n": result += "\\n"
        case "\r": result += "\\r"
        case "\t": result += "\\t"
        case "<": result += "\\u003c"  // safe to embed in HTML too
        default:
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
    }
    return result + "\""
}
