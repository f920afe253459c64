/// A stable, documented name for a kind of problem (`rule-not-found`). Codes are part of the
/// interface: users set their severity, CI greps for them, SARIF lists them as rules.
public struct DiagnosticCode: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Which command reports the code: `build` reports problems that make a page wrong,
    /// `lint` also reports the checks that only a review would catch.
    public enum Stage: String, Sendable { case build, lint }

    public let rawValue: String
    public let defaultSeverity: Severity
    public let stage: Stage
    /// One line: what the check finds.
    public let summary: String
    /// What to do about it.
    public let help: String

    public var description: String { rawValue }
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Looks a code up by name, as typed after `--severity`.
    public static func named(_ name: String) -> DiagnosticCode? { catalogue.first { $0.rawValue == name } }
}

extension DiagnosticCode {
    private init(_ rawValue: String, _ severity: Severity, _ stage: Stage, _ summary: String, help: String) {
        self.rawValue = rawValue
        self.defaultSeverity = severity
        self.stage = stage
        self.summary = summary
        self.help = help
    }

    // MARK: Configuration and files

    public static let configInvalid = Self("config-invalid", .error, .build,
        "config.yaml is not valid YAML or a key has the wrong type",
        help: "Fix the YAML at the reported line; see docs/configuration.md for the keys.")
    public static let configUnknownKey = Self("config-unknown-key", .warning, .build,
        "a key in the `runbook:` section of config.yaml that the tool does not know",
        help: "Check its spelling against docs/configuration.md.")
    public static let fileUnreadable = Self("file-unreadable", .error, .build,
        "a source file could not be read or is not UTF-8 text",
        help: "Check the file's permissions and save it as UTF-8.")
    public static let fileTooLarge = Self("file-too-large", .error, .build,
        "a page, rule file or config.yaml is larger than its size cap",
        help: "Split the file, or raise `runbook.maxPageSize` / `runbook.maxRuleFileSize` in config.yaml.")
    public static let fileEncoding = Self("file-encoding", .error, .build,
        "a file is not valid UTF-8 text",
        help: "Save the file as UTF-8; the position is the first byte that is not.")
    public static let controlCharacter = Self("control-character", .warning, .build,
        "a NUL byte in a text file; it is read as U+FFFD, as CommonMark says",
        help: "Remove the NUL byte at the reported position (the file may have been saved by a binary tool).")
    public static let unusualLineBreak = Self("unusual-line-break", .warning, .build,
        "a YAML file holds U+2028, U+2029 or NEL, which YAML 1.1 (and so runbook) reads as a line break but YAML 1.2 readers such as Prometheus do not",
        help: "Replace the character with a newline, or write it as an escape (\\u2028) inside a double-quoted string.")
    public static let yamlBudgetExceeded = Self("yaml-budget-exceeded", .error, .build,
        "YAML aliases would expand too far (an alias bomb) or collections nest too deeply",
        help: "Write the values out instead of reusing anchors many times over, and nest less than 100 levels.")
    public static let templateInvalid = Self("template-invalid", .error, .build,
        "a template in templates/ does not parse as Mustache",
        help: "Fix the template at the reported line, or delete it to use the default theme's.")
    public static let urlConflict = Self("url-conflict", .error, .build,
        "two sources (pages, aliases, tag pages, generated pages, assets, static files) would be written to the same file",
        help: "Rename one of the files, or give one a different `slug` or `url` in its front matter.")
    public static let urlInvalid = Self("url-invalid", .error, .build,
        "a URL, alias, slug, tag or file name that would write outside the site's folder or is not a path",
        help: "Use a path inside the site (`/runbooks/name/`): no `..` above the top, no `//host`, no `scheme:`, no control characters or escaped `.`/`/`.")
    public static let contentMissing = Self("content-missing", .error, .build,
        "the content folder does not exist or holds no Markdown page",
        help: "Create the folder named by `contentDir` (content/ by default) with at least one `.md` page, or pass --source.")

    // MARK: Front matter

    public static let frontMatterInvalid = Self("front-matter-invalid", .error, .build,
        "the front matter is not valid YAML (or TOML), or is not closed",
        help: "Fix the YAML at the reported line; front matter sits between the first two `---` lines.")
    public static let frontMatterType = Self("front-matter-type", .warning, .lint,
        "a front matter key has a value of the wrong type (tags not a list, weight not a number, a bad date)",
        help: "Give the key a value of the expected type, e.g. `tags: [a, b]`, `weight: 10`, `date: 2024-01-31T12:00:00Z`.")
    public static let titleMissing = Self("title-missing", .warning, .lint,
        "a page has neither a `title` in its front matter nor a `# heading` (its file name is used)",
        help: "Add `title: ...` to the front matter, or start the page with a `# Title` line.")
    public static let frontMatterRequired = Self("front-matter-required", .error, .lint,
        "a key that the configured schema requires is missing",
        help: "Add the key, or change `runbook.frontMatter.required` in config.yaml.")
    public static let frontMatterValue = Self("front-matter-value", .error, .lint,
        "a front matter value is not one the configured schema allows",
        help: "Use one of the allowed values, or change `runbook.frontMatter.keys` in config.yaml.")
    public static let frontMatterUnknownKey = Self("front-matter-unknown-key", .info, .lint,
        "a front matter key that neither Hugo, Wiki.js, hugo-book nor the configured schema knows",
        help: "Check its spelling, or declare it under `runbook.frontMatter.keys` in config.yaml.")

    // MARK: Shortcodes

    public static let shortcodeUnknown = Self("shortcode-unknown", .error, .build,
        "a `{{% name %}}` or `{{< name >}}` shortcode that the tool does not know",
        help: "Use rule, comment, ref, relref or param; to show the braces literally write `{{%/* name */%}}`.")
    public static let shortcodeUnclosed = Self("shortcode-unclosed", .error, .build,
        "a paired shortcode (`comment`) without its closing tag, or a closing tag without its opening one",
        help: "Add `{{% /comment %}}` where the hidden text ends.")
    public static let shortcodeSyntax = Self("shortcode-syntax", .error, .build,
        "a shortcode that is not closed by `%}}`/`>}}`, or has an unterminated quoted argument",
        help: "Close the shortcode on the same line, with matching delimiters and quotes.")
    public static let shortcodeArguments = Self("shortcode-arguments", .error, .build,
        "a shortcode called with missing or unexpected arguments",
        help: "Write `{{% rule \"dir/file.yml\" \"AlertName\" %}}`, `{{< ref \"path.md\" >}}` or `{{< param \"name\" >}}`.")
    public static let refNotFound = Self("ref-not-found", .error, .build,
        "a `ref`/`relref` shortcode names a page that does not exist",
        help: "Give the page's path under content/ (e.g. `runbooks/x/Page.md`), or its path relative to this page.")
    public static let paramNotFound = Self("param-not-found", .error, .build,
        "a `param` shortcode names a parameter that neither the page nor config.yaml `params` defines",
        help: "Define the parameter under `params:` in config.yaml or in the page's front matter.")

    // MARK: Rules

    public static let ruleFileNotFound = Self("rule-file-not-found", .error, .build,
        "a `rule` shortcode names a rule file that does not exist under rules/",
        help: "Give the path relative to the rules folder, e.g. `haproxy/haproxy-exporter-v1.yml`.")
    public static let ruleFileInvalid = Self("rule-file-invalid", .error, .build,
        "a rule file is not valid YAML or not shaped as Prometheus rule groups",
        help: "Fix the file at the reported line; `promtool check rules FILE` checks it the way Prometheus will.")
    public static let rulePathOutside = Self("rule-path-outside", .error, .build,
        "a `rule` shortcode path leaves the rules folder (`..`, an absolute path or a symlink out)",
        help: "Give a path inside the rules folder.")
    public static let ruleNotFound = Self("rule-not-found", .error, .build,
        "a `rule` shortcode names an alert that its rule file does not define",
        help: "Fix the alert name, or remove the shortcode if the alert was deleted.")
    public static let ruleAmbiguous = Self("rule-ambiguous", .warning, .build,
        "a `rule` shortcode names an alert defined more than once in the file; all are shown",
        help: "Rename one of the rules, or accept that the page shows every definition.")
    public static let ruleExprInvalid = Self("rule-expr-invalid", .error, .lint,
        "a rule's `expr` is not valid PromQL (Prometheus would refuse to load the file)",
        help: "Fix the expression at the reported line and column; `promtool check rules FILE` gives Prometheus' own message.")
    public static let duplicateAlert = Self("duplicate-alert", .warning, .lint,
        "the same alert name is defined twice in one rule group",
        help: "Rename or merge the two rules; pages showing the alert cannot tell them apart.")
    public static let alertWithoutRunbook = Self("alert-without-runbook", .warning, .lint,
        "an alert that no page shows and whose runbook annotation leads to no page",
        help: "Write a page for it (`runbook new rules/FILE ALERT`) or point its annotation at an existing page.")
    public static let runbookURLDangling = Self("runbook-url-dangling", .error, .lint,
        "an alert's `runbook` or `runbook_url` annotation points at a page that does not exist",
        help: "Fix the URL; the message names the page that was probably meant.")
    public static let runbookURLEmptyPage = Self("runbook-url-empty-page", .warning, .lint,
        "an alert's runbook annotation points at a page with no content",
        help: "Write the runbook, or point the annotation elsewhere.")
    public static let runbookURLMissing = Self("runbook-url-missing", .info, .lint,
        "an alert has no `runbook` or `runbook_url` annotation",
        help: "Add `runbook_url: <page URL>` to the alert's annotations so the alert links to its page.")
    public static let runbookURLOtherPage = Self("runbook-url-other-page", .warning, .lint,
        "an alert's runbook annotation leads to a page that does not show the alert, while another page does",
        help: "Point the annotation at the page that shows the alert (the message names it), or show the alert on the page it links to.")
    public static let staleRuleCopy = Self("stale-rule-copy", .warning, .lint,
        "the YAML copy of a rule kept in a page's `{{% comment %}}` differs from the rule file",
        help: "Update or delete the copy; the `rule` shortcode already shows the current rule.")

    // MARK: Content

    public static let emptyPage = Self("empty-page", .warning, .lint,
        "a page file with no content",
        help: "Write the page or delete the file.")
    public static let missingSection = Self("missing-section", .warning, .lint,
        "a page that shows a rule lacks one of the required `##` sections",
        help: "Add the section, or change `runbook.requiredSections` in config.yaml.")
    public static let setextHeading = Self("setext-heading", .warning, .lint,
        "a paragraph followed by `---` became a heading; a horizontal rule was probably meant",
        help: "Put a blank line before `---` for a rule, or write the heading as `## Text`.")
    public static let duplicateHeading = Self("duplicate-heading", .info, .lint,
        "two headings with the same text on a page (the second anchor gets `-1`)",
        help: "Give the headings distinct texts so their anchors are stable.")
    public static let placeholderLink = Self("placeholder-link", .warning, .lint,
        "a link to example.com, localhost or another placeholder",
        help: "Replace it with the real URL, or remove the link.")
    public static let unsafeHTML = Self("unsafe-html", .warning, .lint,
        "raw HTML with `<script>`, an `on…=` handler or a `javascript:` URL",
        help: "Remove the script; runbooks need none.")

    // MARK: Links

    public static let linkBroken = Self("link-broken", .error, .lint,
        "an internal link or image that reaches no page or file of the site",
        help: "Fix the path; links to pages may use their URL or their `.md` file.")
    public static let anchorMissing = Self("anchor-missing", .warning, .lint,
        "a link's `#anchor` names no heading of the target page",
        help: "Use one of the target's heading ids (shown by the `#` link next to each heading).")
    public static let linkSelf = Self("link-self", .info, .lint,
        "a link that leads to the page it is on",
        help: "Use `#anchor` for a place on the same page, or remove the link.")
    public static let externalLinkBroken = Self("external-link-broken", .error, .lint,
        "an external link that answered with an error or not at all (checked with `--external`)",
        help: "Fix or remove the link; hosts that refuse robots can be excluded in `runbook.externalLinks.exclude`.")

    /// Every code, in the order docs/lint-checks.md and `lint --list-checks` show them.
    public static let catalogue: [DiagnosticCode] = [
        configInvalid, configUnknownKey, fileUnreadable, fileTooLarge, fileEncoding, controlCharacter, unusualLineBreak,
        yamlBudgetExceeded, contentMissing, templateInvalid, urlConflict, urlInvalid,
        frontMatterInvalid, frontMatterType, titleMissing, frontMatterRequired, frontMatterValue, frontMatterUnknownKey,
        shortcodeUnknown, shortcodeUnclosed, shortcodeSyntax, shortcodeArguments, refNotFound, paramNotFound,
        ruleFileNotFound, ruleFileInvalid, rulePathOutside, ruleNotFound, ruleAmbiguous, ruleExprInvalid, duplicateAlert,
        alertWithoutRunbook, runbookURLDangling, runbookURLEmptyPage, runbookURLOtherPage, runbookURLMissing, staleRuleCopy,
        emptyPage, missingSection, setextHeading, duplicateHeading, placeholderLink, unsafeHTML,
        linkBroken, anchorMissing, linkSelf, externalLinkBroken,
    ]
}
