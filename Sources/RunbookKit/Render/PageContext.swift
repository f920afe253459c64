/// Builds the typed contexts templates render with (`TemplateContexts.swift`, documented in
/// docs/templates.md); changing a field is a breaking change for sites that override templates.
struct PageContext: Sendable {
    let site: Site
    let contents: [RenderedPage?]
    private(set) var navigation: NavigationRenderer
    let siteFields: Shared<SiteFields>
    /// Each page's place in the reading order (-1: not in it).
    private let readingPosition: [Int]

    init(site: Site, theme: Theme, contents: [RenderedPage?], navigation: NavigationRenderer) {
        self.site = site
        self.contents = contents
        self.navigation = navigation
        let config = site.config
        var siteFields = SiteFields(
            title: config.title,
            baseURL: config.baseURL,
            home: site.publicURL("/"),
            languageCode: config.languageCode,
            params: TemplateData(value: config.params),
            searchIndex: site.publicURL("/search-index.json"),
            css: site.publicURL("/assets/runbook.css") + "?v=" + theme.fingerprint("assets/runbook.css"),
            js: site.publicURL("/assets/runbook.js") + "?v=" + theme.fingerprint("assets/runbook.js"),
            favicon: site.publicURL("/assets/favicon.svg"),
            hasTags: !site.tags.isEmpty,
            tagsURL: site.publicURL("/tags/"))
        siteFields.repoURL = config.bookRepo
        if let alerts = SiteRenderer.alertsPageURL(site) { siteFields.alertsURL = site.publicURL(alerts) }
        if !site.rules.alerts.isEmpty { siteFields.alertsJSON = site.publicURL("/" + AlertsJSON.path) }
        self.siteFields = Shared(siteFields)
        var positions = [Int](repeating: -1, count: site.pages.count)
        for (position, index) in site.readingOrder.enumerated() { positions[index] = position }
        self.readingPosition = positions
    }

    /// The same context with other menus prepared.
    func with(navigation: NavigationRenderer) -> PageContext {
        var copy = self
        copy.navigation = navigation
        return copy
    }

    /// Context for a page of the content tree.
    func forPage(_ index: Int) -> PageTemplateContext {
        let page = site.pages[index]
        let content = contents[index]
        var fields = PageFields(
            title: page.title,
            url: site.publicURL(page.url),
            permalink: site.permalink(page.url),
            kind: page.kind.rawValue,
            isHome: page.kind == .home,
            isSection: page.kind == .section,
            isPage: page.kind == .page,
            content: content?.markdown.html ?? "",
            showTitle: !(content?.markdown.startsWithTitle ?? false),
            tags: page.frontMatter.tags.map { TagLink(name: $0, url: site.publicURL("/tags/\(HugoPath.urlize($0))/")) },
            hasTags: !page.frontMatter.tags.isEmpty)
        if let description = page.frontMatter.description, !description.isEmpty { fields.description = description }
        if let summary = content?.markdown.summary, !summary.isEmpty { fields.summary = summary }
        if let modified = page.frontMatter.lastModified {
            fields.lastmod = modified.dateString
            fields.lastmodISO = modified.w3cString
        }
        if let created = page.frontMatter.dateCreated { fields.created = created.dateString }
        if let source = page.sourcePath {
            fields.sourcePath = source
            fields.editURL = site.config.editURL(forContentFile: page.contentPath)
        }
        let toc = (content?.markdown.headings ?? []).filter { $0.level == 2 || $0.level == 3 }
        if toc.count >= 2 && page.frontMatter.bookToc != false {
            fields.toc = toc.map { TocEntry(text: $0.text, id: $0.id, level: $0.level, isSub: $0.level == 3) }
            fields.hasToc = true
        }
        if let rule = content?.rules.first {
            fields.alert = rule.name
            if let severity = rule.severity {
                fields.severity = severity
                fields.severityClass = RuleView.severityClass(severity)
            }
        }

        var context = PageTemplateContext(site: siteFields, page: Shared(fields), nav: navigation.html(forPage: index))
        context.breadcrumbs = site.ancestors(of: index).map { link($0) }
        context.hasBreadcrumbs = !context.breadcrumbs.isEmpty
        let position = readingPosition[index]
        if position >= 0 {
            if position > 0 { context.prev = link(site.readingOrder[position - 1]) }
            if position + 1 < site.readingOrder.count { context.next = link(site.readingOrder[position + 1]) }
            context.hasPager = context.prev != nil || context.next != nil
        }
        if let key = page.sectionKey, let visible = site.visibleChildren[key] {
            let children = visible.map(childEntry)
            context.children = children
            context.hasChildren = !children.isEmpty
        }
        return context
    }

    /// Context for pages the tool makes (tags, alerts, 404): a title and the menu at the home page.
    func forGeneratedPage(title: String, url: String) -> PageTemplateContext {
        PageTemplateContext(site: siteFields,
                            page: Shared(PageFields(title: title, url: site.publicURL(url), permalink: site.permalink(url), kind: "generated")),
                            nav: site.sections[""].map { navigation.html(forPage: $0.page) } ?? "")
    }

    func link(_ index: Int) -> LinkFields {
        LinkFields(title: site.pages[index].title, url: site.publicURL(site.pages[index].url))
    }

    private func childEntry(_ index: Int) -> ChildEntry {
        let page = site.pages[index]
        var entry = ChildEntry(title: page.title, url: site.publicURL(page.url), isSection: page.kind != .page)
        if let description = page.frontMatter.description, !description.isEmpty {
            entry.description = description
        } else if let summary = contents[index]?.markdown.summary, !summary.isEmpty {
            entry.description = summary
        }
        if let key = page.sectionKey, let section = site.sections[key] {
            entry.childCount = section.children.count
            let sections = section.children.filter { site.pages[$0].kind != .page }.count
            let pages = section.children.count - sections
            // "3 sections, 12 pages": what a card for the section says it holds.
            let parts = [(sections, "section"), (pages, "page")].filter { $0.0 > 0 }.map { "\($0.0) \($0.1)\($0.0 == 1 ? "" : "s")" }
            if !parts.isEmpty { entry.childSummary = parts.joined(separator: ", ") }
        }
        if let rule = contents[index]?.rules.first, let severity = rule.severity {
            entry.severity = severity
            entry.severityClass = RuleView.severityClass(severity)
        }
        if page.isEmpty && page.kind == .page { entry.isEmpty = true }
        return entry
    }
}
