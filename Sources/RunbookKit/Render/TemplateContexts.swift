// The data every template renders with: one struct per context, one field per name a template
// can use. `scripts/embed-theme` reads this file: it generates each struct's lookup
// (`TemplateContexts+Lookup.swift`) and the reference in docs/templates.md from the
// declarations and their `///` comments, so keep one field per line with its comment above.
// Renaming or removing a field is a breaking change for sites that override templates.
// An optional field that is nil is missing, as Mustache sees it: `{{#page.description}}` skips
// its section, and a plain name looks further out on the context stack.

/// The context of every page template: `page`, `section`, `home`, a page's own `layout`/`type`,
/// and the generated `tags`, `tag`, `alerts` and `404` pages.
struct PageTemplateContext: Sendable {
    /// The site: its title, addresses of the assets, and its links.
    var site: Shared<SiteFields>
    /// Always "runbook".
    var generator: String = "runbook"
    /// The page being rendered.
    var page: Shared<PageFields>
    /// The menu's HTML (print with `{{{nav}}}`).
    var nav: String
    /// The page's ancestors from the home page down, not the page itself.
    var breadcrumbs: [LinkFields] = []
    /// Whether `breadcrumbs` is not empty.
    var hasBreadcrumbs: Bool = false
    /// The page before this one in reading order.
    var prev: LinkFields? = nil
    /// The page after this one in reading order.
    var next: LinkFields? = nil
    /// Whether there is a `prev` or a `next` (missing for pages outside the reading order).
    var hasPager: Bool? = nil
    /// The visible children of the page's section (missing for pages that are not in one).
    var children: [ChildEntry]? = nil
    /// Whether `children` is not empty.
    var hasChildren: Bool? = nil
    /// `tags` page: every tag.
    var tags: [TagCount]? = nil
    /// `tag` page: the pages of the tag.
    var pages: [LinkFields]? = nil
    /// `alerts` page: every alerting rule of the rule files.
    var alerts: [AlertEntry]? = nil
    /// `alerts` page: how many alerts there are.
    var alertCount: Int? = nil
    /// `alerts` page: how many alerts have each severity, most severe first.
    var severities: [SeverityCount]? = nil
    /// `alert-missing` page: the alert that no page shows.
    var missingAlert: MissingAlertFields? = nil
}

/// `site`: the same on every page.
struct SiteFields: Sendable {
    /// `title` of the configuration.
    var title: String
    /// `baseURL` of the configuration.
    var baseURL: String
    /// The home page's URL.
    var home: String
    /// `languageCode` of the configuration.
    var languageCode: String
    /// `params` of the configuration, as written (maps, lists, text).
    var params: TemplateData
    /// The URL of `search-index.json`.
    var searchIndex: String
    /// The stylesheet's URL, with a fingerprint of its content.
    var css: String
    /// The script's URL, with a fingerprint of its content.
    var js: String
    /// The icon's URL.
    var favicon: String
    /// Whether any page has tags.
    var hasTags: Bool
    /// The URL of the tags page.
    var tagsURL: String
    /// `BookRepo` of the configuration's params.
    var repoURL: String? = nil
    /// The alert catalogue's URL (missing when there is none).
    var alertsURL: String? = nil
    /// `alerts.json`, every alert for other tools (missing without alerts).
    var alertsJSON: String? = nil
}

/// `page`: the page being rendered. Generated pages (tags, alerts, 404) have only `title`,
/// `url`, `permalink` and `kind` ("generated") of these.
struct PageFields: Sendable {
    /// The title (front matter, else the file name).
    var title: String
    /// The page's URL on the site.
    var url: String
    /// The page's full URL, with the base URL.
    var permalink: String
    /// "home", "section", "page" or "generated".
    var kind: String
    /// Whether this is the home page.
    var isHome: Bool = false
    /// Whether this is a section's page (`_index.md`).
    var isSection: Bool = false
    /// Whether this is a plain page.
    var isPage: Bool = false
    /// The body's HTML (print with `{{{page.content}}}`).
    var content: String = ""
    /// Whether the template should print the title (false when the body starts with one).
    var showTitle: Bool = false
    /// The page's tags.
    var tags: [TagLink] = []
    /// Whether `tags` is not empty.
    var hasTags: Bool = false
    /// `description` of the front matter.
    var description: String? = nil
    /// The body's first paragraph, as text.
    var summary: String? = nil
    /// Date of the last change (`lastmod`, `date`, or `dateModified`), as `2024-05-01`.
    var lastmod: String? = nil
    /// The same in W3C format, for `<time datetime>`.
    var lastmodISO: String? = nil
    /// `dateCreated` of the front matter, as `2024-05-01`.
    var created: String? = nil
    /// The page's file, relative to the site.
    var sourcePath: String? = nil
    /// The link to edit the page (`BookEditPath` and `BookRepo`).
    var editURL: String? = nil
    /// The table of contents: level 2 and 3 headings (missing under two of them, or with `bookToc: false`).
    var toc: [TocEntry]? = nil
    /// Whether there is a `toc`.
    var hasToc: Bool? = nil
    /// The name of the page's first rule (a `rule` shortcode).
    var alert: String? = nil
    /// That rule's `severity` label.
    var severity: String? = nil
    /// "critical", "warning", "info" or "other", for that severity.
    var severityClass: String? = nil
}

/// A link to a page: breadcrumbs, `prev`, `next`, a tag's `pages`.
struct LinkFields: Sendable {
    /// The page's title.
    var title: String
    /// The page's URL.
    var url: String
}

/// One of a page's `tags`.
struct TagLink: Sendable {
    /// The tag as written.
    var name: String
    /// The tag page's URL.
    var url: String
}

/// A heading of `page.toc`.
struct TocEntry: Sendable {
    /// The heading's text.
    var text: String
    /// The heading's anchor.
    var id: String
    /// 2 or 3.
    var level: Int
    /// Whether the level is 3.
    var isSub: Bool
}

/// One of a section's `children`.
struct ChildEntry: Sendable {
    /// The child's title.
    var title: String
    /// The child's URL.
    var url: String
    /// Whether the child is a section.
    var isSection: Bool
    /// Its front matter `description`, else its summary.
    var description: String? = nil
    /// For a section: how many children it has.
    var childCount: Int? = nil
    /// For a section: what it holds, as "3 sections, 12 pages".
    var childSummary: String? = nil
    /// The `severity` of the child's first rule.
    var severity: String? = nil
    /// "critical", "warning", "info" or "other", for that severity.
    var severityClass: String? = nil
    /// True for a page without a body (missing otherwise).
    var isEmpty: Bool? = nil
}

/// One tag of the `tags` page.
struct TagCount: Sendable {
    /// The tag as written.
    var name: String
    /// The tag page's URL.
    var url: String
    /// How many pages have the tag.
    var count: Int
}

/// One alert of the `alerts` page.
struct AlertEntry: Sendable {
    /// The alert's name.
    var name: String
    /// Its `severity` label ("" without one).
    var severity: String
    /// "critical", "warning", "info" or "other", for that severity.
    var severityClass: String
    /// The rule group.
    var group: String
    /// The rule file, relative to the site.
    var file: String
    /// The rule's line in it.
    var line: Int
    /// `file:line`.
    var location: String
    /// The rule's line in the repository (`BookRepo`).
    var locationURL: String? = nil
    /// Its `summary` annotation.
    var summary: String? = nil
    /// Its expression.
    var expr: String? = nil
    /// The URL of the page that explains it.
    var runbookURL: String? = nil
    /// The title of that page.
    var runbookTitle: String? = nil
    /// True when there is such a page (missing otherwise).
    var hasRunbook: Bool? = nil
}

/// The `alert-missing` page: an alert's permalink when no page shows the alert.
struct MissingAlertFields: Sendable {
    /// The alert's name.
    var name: String
    /// Where it is defined (one entry per rule of that name).
    var definitions: [AlertEntry] = []
    /// The `runbook new` command that writes its page.
    var command: String? = nil
    /// The page `runbook new` would write, relative to the site.
    var newPath: String? = nil
    /// A link that creates that page in the repository, filled in (needs `BookRepo`).
    var createURL: String? = nil
}

/// One severity of the `alerts` page.
struct SeverityCount: Sendable {
    /// The severity ("none" for alerts without one).
    var severity: String
    /// "critical", "warning", "info" or "other".
    var severityClass: String
    /// How many alerts have it.
    var count: Int
}

/// The context of `redirect`: a page Hugo's `aliases` leave at an old URL.
struct RedirectTemplateContext: Sendable {
    /// Where the page is now.
    var url: String
    /// The same, with the base URL.
    var permalink: String
}

extension RedirectTemplateContext {
    /// The redirect to a site URL (`/runbooks/x/`): alias pages and alert permalinks.
    init(to url: String, site: Site) {
        self.init(url: site.publicURL(url), permalink: site.permalink(url))
    }
}

/// The context of `rule`: one rule a `rule` shortcode shows.
struct RuleTemplateContext: Sendable {
    /// The rule.
    var rule: Shared<RuleFields>
}

/// `rule`: an alerting or recording rule from a rule file.
struct RuleFields: Sendable {
    /// The alert's or recording rule's name.
    var name: String
    /// "alert" or "record".
    var kind: String
    /// Whether it is an alerting rule.
    var isAlert: Bool
    /// The rule group.
    var group: String
    /// The rule file, as the shortcode named it.
    var file: String
    /// `file:line`, relative to the site.
    var location: String
    /// The rule's line in its file.
    var line: Int
    /// The rule's YAML, exactly as written.
    var source: String
    /// "critical", "warning", "info" or "other", for its severity.
    var severityClass: String
    /// Its labels but `severity`.
    var labels: [RuleLabel]
    /// Its annotations.
    var annotations: [RuleAnnotation]
    /// Whether the name is in the file more than once (each is shown).
    var isAmbiguous: Bool
    /// Which of those this is, from 1.
    var number: Int
    /// How many there are.
    var count: Int
    /// Whether `labels` is not empty.
    var hasLabels: Bool
    /// Whether `annotations` is not empty.
    var hasAnnotations: Bool
    /// Its `severity` label.
    var severity: String? = nil
    /// Its expression.
    var expr: String? = nil
    /// Its `for`.
    var `for`: String? = nil
    /// Its `keep_firing_for`.
    var keepFiringFor: String? = nil
    /// The rule's line in the repository (`BookRepo`).
    var locationURL: String? = nil
    /// The rule's YAML, highlighted: HTML, print it with `{{{ }}}`.
    var sourceHTML: String? = nil
    /// The expression laid out over lines and highlighted: HTML, print it with `{{{ }}}`.
    var exprHTML: String? = nil
    /// Why the expression does not parse, when it does not.
    var exprError: String? = nil
    /// The metrics the expression reads.
    var metrics: [RuleMetric] = []
    /// Whether `metrics` is not empty.
    var hasMetrics: Bool = false
    /// Links to Prometheus, Grafana and Alertmanager, each when its address is configured.
    var tools: [RuleTool] = []
    /// Whether `tools` is not empty.
    var hasTools: Bool = false
}

/// One of `rule.metrics`.
struct RuleMetric: Sendable {
    /// The metric's name.
    var name: String
    /// The site's search for it.
    var searchURL: String
}

/// One of `rule.tools`.
struct RuleTool: Sendable {
    /// What the link does ("Graph in Prometheus").
    var name: String
    /// Where it leads.
    var url: String
}

/// `rule-missing`: where a `rule` shortcode found nothing (its error downgraded to a warning).
struct MissingRuleTemplateContext: Sendable {
    /// What is missing.
    var missing: MissingRuleFields
}

/// `missing`: the alert a `rule` shortcode names and cannot find.
struct MissingRuleFields: Sendable {
    /// The alert's name, as the shortcode gives it.
    var alert: String
    /// The rule file, relative to the site.
    var file: String
    /// Whether the file exists (so only the alert is missing).
    var fileExists: Bool = false
    /// The closest alert or file name, when one is close.
    var suggestion: String? = nil
    /// Another rule file that defines the alert.
    var definedIn: String? = nil
    /// "Edit this page", when the repository is configured.
    var editURL: String? = nil
}

/// One of `rule.labels`.
struct RuleLabel: Sendable {
    /// The label's name.
    var key: String
    /// Its value.
    var value: String
}

/// One of `rule.annotations`.
struct RuleAnnotation: Sendable {
    /// The annotation's name.
    var key: String
    /// Its value.
    var value: String
    /// Whether the value is one http(s) URL.
    var isURL: Bool
    /// Whether the value has more than one line.
    var isMultiline: Bool
}
