/// Builds the Mustache contexts templates render with. Keys are documented in the README's
/// "Templates" section; changing one is a breaking change for sites that override templates.
// The contexts hold only strings, numbers, arrays and dictionaries built here and read by
// Mustache; nothing mutates them once built, so pages render from them on all cores.
struct PageContext: @unchecked Sendable {
    let site: Site
    let contents: [RenderedPage?]
    let navigation: NavigationRenderer
    let siteContext: [String: Any]
    /// Each page's place in the reading order (-1: not in it).
    private let readingPosition: [Int]

    init(site: Site, theme: Theme, contents: [RenderedPage?], navigation: NavigationRenderer) {
        self.site = site
        self.contents = contents
        self.navigation = navigation
        let config = site.config
        var siteContext: [String: Any] = [
            "title": config.title,
            "baseURL": config.baseURL,
            "home": site.publicURL("/"),
            "languageCode": config.languageCode,
            "params": Self.mustacheValue(config.params),
            "searchIndex": site.publicURL("/search-index.json"),
            "css": site.publicURL("/assets/runbook.css") + "?v=" + theme.fingerprint("assets/runbook.css"),
            "js": site.publicURL("/assets/runbook.js") + "?v=" + theme.fingerprint("assets/runbook.js"),
            "favicon": site.publicURL("/assets/favicon.svg"),
            "hasTags": !site.tags.isEmpty,
            "tagsURL": site.publicURL("/tags/"),
        ]
        if let repo = config.bookRepo { siteContext["repoURL"] = repo }
        if let alerts = SiteRenderer.alertsPageURL(site) { siteContext["alertsURL"] = site.publicURL(alerts) }
        self.siteContext = siteContext
        var positions = [Int](repeating: -1, count: site.pages.count)
        for (position, index) in site.readingOrder.enumerated() { positions[index] = position }
        self.readingPosition = positions
    }

    /// Context for a page of the content tree.
    func forPage(_ index: Int) -> [String: Any] {
        let page = site.pages[index]
        let content = contents[index]
        var pageContext: [String: Any] = [
            "title": page.title,
            "url": site.publicURL(page.url),
            "permalink": site.permalink(page.url),
            "kind": page.kind.rawValue,
            "isHome": page.kind == .home,
            "isSection": page.kind == .section,
            "isPage": page.kind == .page,
            "content": content?.markdown.html ?? "",
            "showTitle": !(content?.markdown.startsWithTitle ?? false),
            "tags": page.frontMatter.tags.map { ["name": $0, "url": site.publicURL("/tags/\(HugoPath.urlize($0))/")] },
            "hasTags": !page.frontMatter.tags.isEmpty,
        ]
        if let description = page.frontMatter.description, !description.isEmpty { pageContext["description"] = description }
        if let summary = content?.markdown.summary, !summary.isEmpty { pageContext["summary"] = summary }
        if let modified = page.frontMatter.lastModified {
            pageContext["lastmod"] = modified.dateString
            pageContext["lastmodISO"] = modified.w3cString
        }
        if let created = page.frontMatter.dateCreated { pageContext["created"] = created.dateString }
        if let source = page.sourcePath {
            pageContext["sourcePath"] = source
            if let edit = site.config.editURL(forContentFile: page.contentPath) { pageContext["editURL"] = edit }
        }
        let toc = (content?.markdown.headings ?? []).filter { $0.level == 2 || $0.level == 3 }
        if toc.count >= 2 && page.frontMatter.bookToc != false {
            pageContext["toc"] = toc.map { ["text": $0.text, "id": $0.id, "level": $0.level, "isSub": $0.level == 3] }
            pageContext["hasToc"] = true
        }
        if let rule = content?.rules.first {
            pageContext["alert"] = rule.name
            if let severity = rule.severity {
                pageContext["severity"] = severity
                pageContext["severityClass"] = RuleView.severityClass(severity)
            }
        }

        var context = base(title: page.title)
        context["page"] = pageContext
        context["nav"] = navigation.html(forPage: index)
        let breadcrumbs = site.ancestors(of: index).map { link($0) }
        context["breadcrumbs"] = breadcrumbs
        context["hasBreadcrumbs"] = !breadcrumbs.isEmpty
        let position = readingPosition[index]
        if position >= 0 {
            if position > 0 { context["prev"] = link(site.readingOrder[position - 1]) }
            if position + 1 < site.readingOrder.count { context["next"] = link(site.readingOrder[position + 1]) }
            context["hasPager"] = context["prev"] != nil || context["next"] != nil
        }
        if let section = site.section(of: index) {
            let children = section.children.filter { !site.pages[$0].frontMatter.bookHidden }.map(childEntry)
            context["children"] = children
            context["hasChildren"] = !children.isEmpty
        }
        return context
    }

    /// Context for pages the tool makes (tags, alerts, 404): a title and the menu at the home page.
    func forGeneratedPage(title: String, url: String) -> [String: Any] {
        var context = base(title: title)
        context["page"] = ["title": title, "url": site.publicURL(url), "permalink": site.permalink(url), "kind": "generated"] as [String: Any]
        context["nav"] = site.sections[""].map { navigation.html(forPage: $0.page) } ?? ""
        return context
    }

    private func base(title: String) -> [String: Any] {
        ["site": siteContext, "generator": "runbook"]
    }

    func link(_ index: Int) -> [String: Any] {
        ["title": site.pages[index].title, "url": site.publicURL(site.pages[index].url)]
    }

    private func childEntry(_ index: Int) -> [String: Any] {
        let page = site.pages[index]
        var entry = link(index)
        entry["isSection"] = page.kind != .page
        if let description = page.frontMatter.description, !description.isEmpty {
            entry["description"] = description
        } else if let summary = contents[index]?.markdown.summary, !summary.isEmpty {
            entry["description"] = summary
        }
        if let key = page.sectionKey, let section = site.sections[key] {
            entry["childCount"] = section.children.count
            let sections = section.children.filter { site.pages[$0].kind != .page }.count
            let pages = section.children.count - sections
            // "3 sections, 12 pages": what a card for the section says it holds.
            let parts = [(sections, "section"), (pages, "page")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            if !parts.isEmpty { entry["childSummary"] = parts.joined(separator: ", ") }
        }
        if let rule = contents[index]?.rules.first, let severity = rule.severity {
            entry["severity"] = severity
            entry["severityClass"] = RuleView.severityClass(severity)
        }
        if page.isEmpty && page.kind == .page { entry["isEmpty"] = true }
        return entry
    }

    /// DataValue as plain Swift values Mustache can walk.
    static func mustacheValue(_ value: DataValue) -> Any {
        switch value {
        case .null: return ""
        case .bool(let flag): return flag
        case .list(let items): return items.map(mustacheValue)
        case .map(let pairs): return Dictionary(pairs.map { ($0.key, mustacheValue($0.value)) }, uniquingKeysWith: { first, _ in first })
        default: return value.text ?? ""
        }
    }
}
