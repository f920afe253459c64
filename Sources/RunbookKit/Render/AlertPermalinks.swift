import Foundation

/// A permanent address for every alert, `<alertsPage><AlertName>/` (`/alerts/HostDown/`), so a
/// `runbook_url` template keyed on the alert's name (`https://site/alerts/{{ $labels.alertname }}/`)
/// keeps working when pages move. It redirects to the page that shows the alert, like Hugo's
/// alias pages; an alert without a page gets a page there that says so and how to write one.
///
/// Alert names come from the rule files, which are untrusted: only names made of letters,
/// digits and `_ - . :` (Prometheus' own names are `[a-zA-Z_][a-zA-Z0-9_]*`) get an address,
/// and it still goes through the output gate. Other names get none (`alerts.json` says
/// `"permalink": null`). An address a content page holds stays the page's.
enum AlertPermalinks {
    struct Link: Sendable {
        let name: String
        /// The site URL (`/alerts/HostDown/`), before the base path.
        let url: String
        /// The file written (`alerts/HostDown/index.html`).
        let path: String
    }

    /// Whether a name may become a folder of the site as it is.
    static func isSafe(_ name: String) -> Bool {
        guard !name.isEmpty, name.utf8.count <= 200, name != ".", name != ".." else { return false }
        return name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: ":"):
                true
            default: false
            }
        }
    }

    /// One link per distinct alert name, sorted by name; none when the site has no alerts page.
    static func links(site: Site) -> [Link] {
        guard let base = SiteRenderer.alertsPageURL(site) else { return [] }
        var links: [Link] = []
        for name in site.rules.alertNames {
            guard let link = link(name, base: base), site.page(atURL: link.url) == nil else { continue }
            links.append(link)
        }
        return links
    }

    /// The link of one alert name, when it is safe and passes the output gate.
    static func link(_ name: String, base: String) -> Link? {
        guard isSafe(name), case .success(let url) = OutputPath.normalisedURL(base + name + "/"),
              url.hasPrefix(base), url.count > base.count, case .success(let path) = OutputPath.file(forURL: url) else { return nil }
        return Link(name: name, url: url, path: path)
    }

    /// The page that shows each alert (`file\0name`): the first page whose `rule` shortcode shows
    /// it, else the page its runbook annotation leads to.
    static func pages(site: Site, contents: [RenderedPage?]) -> [AlertID: Int] {
        var pageForAlert: [AlertID: Int] = [:]
        for (index, content) in contents.enumerated() {
            for rule in content?.rules ?? [] where pageForAlert[rule.id] == nil {
                pageForAlert[rule.id] = index
            }
        }
        let resolver = RunbookURLResolver(site: site)
        for rule in site.rules.alerts where pageForAlert[rule.id] == nil {
            if let page = rule.runbookAnnotation.flatMap({ resolver.page(for: $0.value) }) {
                pageForAlert[rule.id] = page
            }
        }
        return pageForAlert
    }

    /// The redirects and "no runbook yet" pages.
    /// - Parameter links: `links(site:)`, as the output plan made them.
    /// - Parameter memo: redirect pages from the last build (`serve`), reused when they lead to the same URL.
    static func files(_ links: [Link], site: Site, templates: TemplateSet, context: PageContext, pageForAlert: [AlertID: Int],
                      memo: RenderMemo? = nil) -> [OutputFile] {
        var files: [OutputFile] = []
        let alerts = site.rules.alerts
        // Positions, not rules: copying a rule retains each of its strings.
        let alertsByName = Dictionary(grouping: alerts.indices, by: { alerts[$0].name })
        var missing: [(Link, [AlertRule])] = []
        for link in links {
            let positions = alertsByName[link.name] ?? []
            if let page = positions.lazy.compactMap({ pageForAlert[alerts[$0].id] }).first {
                let url = site.pages[page].url
                let target = site.permalink(url)
                if let kept = memo?.redirects[link.path], kept.target == target {
                    files.append(kept.file)
                    continue
                }
                let file = OutputFile(path: link.path, bytes: templates.renderBytes("redirect", RedirectTemplateContext(to: url, site: site)) ?? [])
                memo?.redirects[link.path] = (target, file)
                files.append(file)
            } else if !positions.isEmpty {
                missing.append((link, positions.map { alerts[$0] }))
            }
        }
        guard templates.has("alert-missing") else { return files }
        let plans = RunbookScaffold.plans(for: missing.map { $0.1[0] }, site: site)
        for ((link, rules), plan) in zip(missing, plans) {
            var page = context.forGeneratedPage(title: link.name, url: link.url)
            page.missingAlert = missingAlert(link.name, rules: rules, plan: plan, site: site)
            if let html = templates.renderBytes("alert-missing", page) { files.append(OutputFile(path: link.path, bytes: html)) }
        }
        return files
    }

    /// What the "no runbook yet" page says: where the alert is defined, the command that
    /// writes its page and, with `BookRepo` set, a link that creates the file on GitHub.
    static func missingAlert(_ name: String, rules: [AlertRule], plan: RunbookScaffold.Plan, site: Site) -> MissingAlertFields {
        var fields = MissingAlertFields(name: name)
        fields.definitions = rules.map { rule in
            var entry = AlertEntry(name: rule.name, severity: rule.severity ?? "", severityClass: RuleView.severityClass(rule.severity ?? ""),
                                   group: rule.group, file: rule.sourcePath, line: rule.line, location: "\(rule.sourcePath):\(rule.line)")
            entry.locationURL = site.config.repositoryURL(forFile: rule.sourcePath, line: rule.line)
            entry.summary = rule.annotations.first(where: { $0.key == "summary" })?.value
            entry.expr = rule.expr
            return entry
        }
        fields.command = "runbook new \(shellQuoted(rules[0].sourcePath)) \(shellQuoted(name))"
        fields.newPath = plan.path
        fields.createURL = newFileURL(config: site.config, path: plan.path, text: plan.text)
        return fields
    }

    /// A word the shell reads as it is, else single-quoted.
    static func shellQuoted(_ text: String) -> String {
        let plain = !text.isEmpty && text.unicodeScalars.allSatisfy {
            ($0.isASCII && ($0.properties.isAlphabetic || $0.properties.numericType != nil)) || "_-./:@%+=,".unicodeScalars.contains($0)
        }
        return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// GitHub's "create a file" address, filled with the page: `BookRepo/new/<branch>?filename=…&value=…`
    /// (the branch from `BookEditPath` `edit/<branch>`, as "Edit this page" uses it).
    static func newFileURL(config: SiteConfig, path: String, text: String) -> String? {
        guard let repo = config.bookRepo?.trimmingSlashes(), !repo.isEmpty, repo.hasPrefix("https://") else { return nil }
        let edit = config.bookEditPath?.trimmingSlashes() ?? "edit/main"
        guard edit.hasPrefix("edit/") else { return nil }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~/")
        func encoded(_ value: String) -> String { value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return "\(repo)/new/\(encoded(String(edit.dropFirst(5))))?filename=\(encoded(path))&value=\(encoded(text))"
    }
}
