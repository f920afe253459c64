/// Everything a build needs to know about the site before it reads a page: Hugo's keys that
/// we honour, and our own settings under the `runbook:` section of `config.yaml`.
public struct SiteConfig: Sendable {
    public var title = "Runbooks"
    public var baseURL = "/" {
        didSet {
            basePath = Self.basePath(of: baseURL)
            origin = Self.origin(of: baseURL)
        }
    }
    public var languageCode = "en-us"
    /// Hugo's `params`, for the `param` shortcode and templates.
    public var params: DataValue = .map([])
    /// `params.BookRepo`: the repository's web address, for "Edit this page" and rule links.
    public var bookRepo: String?
    /// `params.BookEditPath`: e.g. `edit/main`.
    public var bookEditPath: String?
    /// `params.BookSection`: the section whose tree the menu shows (`*` or unset: the whole site).
    public var bookSection: String?

    public var contentDir = "content"
    /// Scripts that draw `mermaid` diagrams and `katex` formulas; without them their source is shown.
    public var scripts = DiagramScripts()
    /// The configuration names `contentDir`; otherwise `ContentDiscovery` looks for the pages.
    public var contentDirIsSet = false
    public var rulesDir = "rules"
    public var templatesDir = "templates"
    public var staticDir = "static"
    public var publishDir = "public"

    /// The config file it was read from, relative to the source folder; nil when there is none.
    public var file: String?

    /// `runbook.severity`: per-code severities.
    public var severity = SeverityPolicy()
    /// `runbook.lint`: what lint checks for.
    public var lint = LintSettings()
    /// `runbook.alertsPage`: where the catalogue of all alerts is published (empty: nowhere).
    public var alertsPage = "/alerts/"
    /// Hugo's `relativeURLs`: links between the site's pages are relative (`../x/index.html`),
    /// so the site works opened from disk (`file://`). See `RelativeURLs`.
    public var relativeURLs = false
    /// `runbook.prometheusURL`, `runbook.grafanaURL` (+ `grafanaDatasource`), `runbook.alertmanagerURL`:
    /// where the rule block's tool links lead (each link only shown when its address is set).
    public var ruleTools = RuleToolSettings()
    /// Hugo's `markup.goldmark.renderer.unsafe`: whether raw HTML in pages is published. Unset
    /// means true (runbook sites set it: their pages carry `<details>`), unlike Hugo's default.
    public var rawHTML = true
    /// `runbook.maxPageSize`: a content page larger than this many bytes is refused (`file-too-large`).
    public var maxPageSize = 8 << 20
    /// `runbook.maxRuleFileSize`: the same cap for a rule file.
    public var maxRuleFileSize = 8 << 20
    /// config.yaml itself is read before any setting, so its cap is fixed.
    public static let maxConfigSize = 1 << 20

    public init() {}

    /// The path part of `baseURL`, with slashes at both ends (`/` or `/docs/`); every link
    /// the site makes starts with it so the site works under a sub-path.
    public private(set) var basePath = "/"

    static func basePath(of baseURL: String) -> String {
        var path = baseURL
        if let scheme = path.range(of: "://") {
            let afterScheme = path[scheme.upperBound...]
            path = afterScheme.firstIndex(of: "/").map { String(afterScheme[$0...]) } ?? "/"
        }
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        return path
    }

    /// `https://host` of `baseURL` without the path; empty when baseURL has no host. Kept,
    /// not worked out on each use: every permalink starts with it.
    public private(set) var origin = ""

    static func origin(of baseURL: String) -> String {
        guard let scheme = baseURL.range(of: "://") else { return "" }
        let afterScheme = baseURL[scheme.upperBound...]
        let host = afterScheme.prefix { $0 != "/" }
        return String(baseURL[..<scheme.upperBound]) + host
    }

    /// The web address of a file in the site's repository (`blob/<branch>/<path>`), derived
    /// from BookRepo and BookEditPath (`edit/main` → `blob/main`).
    public func repositoryURL(forFile path: String, line: Int? = nil) -> String? {
        guard let repo = bookRepo?.trimmingSlashes(), !repo.isEmpty else { return nil }
        var branch = "HEAD"
        if let edit = bookEditPath?.trimmingSlashes(), edit.hasPrefix("edit/") {
            branch = String(edit.dropFirst(5))
        }
        return "\(repo)/blob/\(branch)/\(path)" + (line.map { "#L\($0)" } ?? "")
    }

    /// "Edit this page": `BookRepo/BookEditPath/<contentDir>/<path>`, as hugo-book builds it.
    public func editURL(forContentFile path: String) -> String? {
        guard let repo = bookRepo?.trimmingSlashes(), !repo.isEmpty else { return nil }
        let edit = bookEditPath?.trimmingSlashes() ?? "edit/main"
        return "\(repo)/\(edit)/\(contentDir)/\(path)"
    }
}

/// `runbook.lint` settings.
public struct LintSettings: Sendable {
    /// `##` sections every page that shows a rule must have.
    public var requiredSections = ["Meaning", "Impact", "Diagnosis", "Mitigation"]
    /// Address prefixes under which `runbook:`/`runbook_url:` annotations map to pages by path.
    /// baseURL is always one; the default adds any `https://HOST/PATH/runbooks/…` form by
    /// matching on the BookSection folder (see `RunbookURLResolver`).
    public var runbookURLPrefixes: [String] = []
    /// Hosts that mark a link as a placeholder.
    public var placeholderHosts = ["example.com", "example.org", "example.net", "localhost", "127.0.0.1", "your-domain.com", "yourdomain.com"]
    /// The front matter schema users declare.
    public var frontMatter = FrontMatterSchema()
    /// `--external` link checking.
    public var externalLinks = ExternalLinkSettings()

    public init() {}
}

/// `runbook.lint.frontMatter`: keys pages must have, and what values keys may take.
public struct FrontMatterSchema: Sendable {
    /// The types a key can be declared to have (`type: integer`).
    public enum ValueType: String, CaseIterable, Sendable {
        case string, integer, number, boolean, date, list, mapping
    }

    public struct KeyRule: Sendable {
        public var type: ValueType?
        /// Allowed values (for a list: allowed items).
        public var allowed: [String]?
        /// A regular expression every value (or list item) must match.
        public var pattern: String?
        public init(type: ValueType? = nil, allowed: [String]? = nil, pattern: String? = nil) {
            self.type = type
            self.allowed = allowed
            self.pattern = pattern
        }
    }

    /// Keys every regular page must have.
    public var required: [String] = []
    /// Rules per key; keys listed here are known (not reported as unknown).
    public var keys: [(name: String, rule: KeyRule)] = []
    /// Whether unknown keys are reported (`front-matter-unknown-key`, info by default).
    public var reportUnknownKeys = true

    public init() {}
}

/// `runbook.lint.externalLinks`: how `lint --external` checks links that leave the site.
public struct ExternalLinkSettings: Sendable {
    public var concurrency = 8
    public var timeoutSeconds = 10.0
    public var retries = 2
    /// Requests per second per host.
    public var perHostRate = 2.0
    /// Seconds a cached result stays valid.
    public var cacheMaxAge = 86_400.0
    public var cacheFile = ".runbook-link-cache.json"
    /// URL prefixes never fetched.
    public var exclude: [String] = []
    public init() {}
}

extension String {
    func trimmingSlashes() -> String {
        // Asked for every page's edit link: a URL that neither starts nor ends with a slash
        // (a Character that is one starts and ends with its byte) comes back as it is.
        guard utf8.first == UInt8(ascii: "/") || utf8.last == UInt8(ascii: "/") else { return self }
        var text = Substring(self)
        while text.hasSuffix("/") { text = text.dropLast() }
        while text.hasPrefix("/") { text = text.dropFirst() }
        return String(text)
    }
}

/// Base addresses of the tools the rule block links to (graph, Explore, new silence).
public struct RuleToolSettings: Sendable {
    public var prometheusURL: String?
    public var grafanaURL: String?
    /// The Grafana data source (uid or name) Explore opens the expression in.
    public var grafanaDatasource: String?
    public var alertmanagerURL: String?
    public init() {}
}

/// `mermaidScript`, `katexScript` and `katexStylesheet` from the `runbook` configuration.
public struct DiagramScripts: Sendable, Hashable {
    public var mermaid: String?
    public var katex: String?
    public var katexStylesheet: String?
    public init(mermaid: String? = nil, katex: String? = nil, katexStylesheet: String? = nil) {
        self.mermaid = mermaid
        self.katex = katex
        self.katexStylesheet = katexStylesheet
    }
}
