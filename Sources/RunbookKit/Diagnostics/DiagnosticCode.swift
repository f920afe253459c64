/// A stable, documented name for a kind of problem (`rule-not-found`). Codes are part of the
/// interface: users set their severity, CI greps for them, SARIF lists them as rules. An enum, so
/// that a new code is in `allCases` (`--list-checks`, SARIF rules, `--severity`, the build
/// manifest, docs/lint-checks.md) and the compiler asks for its severity, summary and help.
/// The raw value is the stable code; the order of the cases is the order `--list-checks` shows.
public enum DiagnosticCode: String, CaseIterable, Sendable, Comparable, CustomStringConvertible {
    case configInvalid = "config-invalid"
    case configUnknownKey = "config-unknown-key"
    case fileUnreadable = "file-unreadable"
    case fileTooLarge = "file-too-large"
    case fileEncoding = "file-encoding"
    case controlCharacter = "control-character"
    case unusualLineBreak = "unusual-line-break"
    case yamlBudgetExceeded = "yaml-budget-exceeded"
    case contentMissing = "content-missing"
    case templateInvalid = "template-invalid"
    case urlConflict = "url-conflict"
    case urlInvalid = "url-invalid"
    case frontMatterInvalid = "front-matter-invalid"
    case frontMatterType = "front-matter-type"
    case titleMissing = "title-missing"
    case frontMatterRequired = "front-matter-required"
    case frontMatterValue = "front-matter-value"
    case frontMatterUnknownKey = "front-matter-unknown-key"
    case shortcodeUnknown = "shortcode-unknown"
    case shortcodeUnclosed = "shortcode-unclosed"
    case shortcodeSyntax = "shortcode-syntax"
    case shortcodeArguments = "shortcode-arguments"
    case shortcodeBudgetExceeded = "shortcode-budget-exceeded"
    case refNotFound = "ref-not-found"
    case paramNotFound = "param-not-found"
    case ruleFileNotFound = "rule-file-not-found"
    case ruleFileInvalid = "rule-file-invalid"
    case rulePathOutside = "rule-path-outside"
    case ruleNotFound = "rule-not-found"
    case ruleAmbiguous = "rule-ambiguous"
    case ruleBudgetExceeded = "rule-budget-exceeded"
    case ruleExprInvalid = "rule-expr-invalid"
    case duplicateAlert = "duplicate-alert"
    case alertWithoutRunbook = "alert-without-runbook"
    case runbookURLDangling = "runbook-url-dangling"
    case runbookURLEmptyPage = "runbook-url-empty-page"
    case runbookURLOtherPage = "runbook-url-other-page"
    case runbookURLMissing = "runbook-url-missing"
    case staleRuleCopy = "stale-rule-copy"
    case emptyPage = "empty-page"
    case missingSection = "missing-section"
    case setextHeading = "setext-heading"
    case duplicateHeading = "duplicate-heading"
    case placeholderLink = "placeholder-link"
    case unsafeHTML = "unsafe-html"
    case linkBroken = "link-broken"
    case anchorMissing = "anchor-missing"
    case linkSelf = "link-self"
    case externalLinkBroken = "external-link-broken"

    /// Which command reports the code: `build` reports problems that make a page wrong,
    /// `lint` also reports the checks that only a review would catch.
    public enum Stage: String, Sendable { case build, lint }

    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    public var defaultSeverity: Severity { details.severity }
    public var stage: Stage { details.stage }
    /// One line: what the check finds.
    public var summary: String { details.summary }
    /// What to do about it.
    public var help: String { details.help }

    private var details: (severity: Severity, stage: Stage, summary: String, help: String) {
        switch self {

        // MARK: Configuration and files

        case .configInvalid: (.error, .build,
            "config.yaml is not valid YAML or a key has the wrong type",
            "Fix the YAML at the reported line; see docs/configuration.md for the keys.")
        case .configUnknownKey: (.warning, .build,
            "a key in the `runbook:` section of config.yaml that the tool does not know",
            "Check its spelling against docs/configuration.md.")
        case .fileUnreadable: (.error, .build,
            "a source file could not be read or is not UTF-8 text",
            "Check the file's permissions and save it as UTF-8.")
        case .fileTooLarge: (.error, .build,
            "a page, rule file or config.yaml is larger than its size cap",
            "Split the file, or raise `runbook.maxPageSize` / `runbook.maxRuleFileSize` in config.yaml.")
        case .fileEncoding: (.error, .build,
            "a file is not valid UTF-8 text",
            "Save the file as UTF-8; the position is the first byte that is not.")
        case .controlCharacter: (.warning, .build,
            "a NUL byte in a text file; it is read as U+FFFD, as CommonMark says",
            "Remove the NUL byte at the reported position (the file may have been saved by a binary tool).")
        case .unusualLineBreak: (.warning, .build,
            "a YAML file holds U+2028, U+2029 or NEL, which YAML 1.1 (and so runbook) reads as a line break but YAML 1.2 readers such as Prometheus do not",
            "Replace the character with a newline, or write it as an escape (\\u2028) inside a double-quoted string.")
        case .yamlBudgetExceeded: (.error, .build,
            "YAML aliases would expand too far (an alias bomb) or collections nest too deeply",
            "Write the values out instead of reusing anchors many times over, and nest less than 100 levels.")
        case .templateInvalid: (.error, .build,
            "a template in templates/ does not parse as Mustache",
            "Fix the template at the reported line, or delete it to use the default theme's.")
        case .urlConflict: (.error, .build,
            "two sources (pages, aliases, tag pages, generated pages, assets, static files) would be written to the same file",
            "Rename one of the files, or give one a different `slug` or `url` in its front matter.")
        case .urlInvalid: (.error, .build,
            "a URL, alias, slug, tag or file name that would write outside the site's folder or is not a path",
            "Use a path inside the site (`/runbooks/name/`): no `..` above the top, no `//host`, no `scheme:`, no control characters or escaped `.`/`/`.")
        case .contentMissing: (.error, .build,
            "the content folder does not exist or holds no Markdown page",
            "Create the folder named by `contentDir` (content/ by default) with at least one `.md` page, or pass --source.")

        // MARK: Front matter

        case .frontMatterInvalid: (.error, .build,
            "the front matter is not valid YAML (or TOML), or is not closed",
            "Fix the YAML at the reported line; front matter sits between the first two `---` lines.")
        case .frontMatterType: (.warning, .lint,
            "a front matter key has a value of the wrong type (tags not a list, weight not a number, a bad date)",
            "Give the key a value of the expected type, e.g. `tags: [a, b]`, `weight: 10`, `date: 2024-01-31T12:00:00Z`.")
        case .titleMissing: (.warning, .lint,
            "a page has neither a `title` in its front matter nor a `# heading` (its file name is used)",
            "Add `title: ...` to the front matter, or start the page with a `# Title` line.")
        case .frontMatterRequired: (.error, .lint,
            "a key that the configured schema requires is missing",
            "Add the key, or change `runbook.frontMatter.required` in config.yaml.")
        case .frontMatterValue: (.error, .lint,
            "a front matter value is not one the configured schema allows",
            "Use one of the allowed values, or change `runbook.frontMatter.keys` in config.yaml.")
        case .frontMatterUnknownKey: (.info, .lint,
            "a front matter key that neither Hugo, Wiki.js, hugo-book nor the configured schema knows",
            "Check its spelling, or declare it under `runbook.frontMatter.keys` in config.yaml.")

        // MARK: Shortcodes

        case .shortcodeUnknown: (.error, .build,
            "a `{{% name %}}` or `{{< name >}}` shortcode that the tool does not know",
            "Use rule, comment, ref, relref or param; to show the braces literally write `{{%/* name */%}}`.")
        case .shortcodeUnclosed: (.error, .build,
            "a paired shortcode (`comment`) without its closing tag, or a closing tag without its opening one",
            "Add `{{% /comment %}}` where the hidden text ends.")
        case .shortcodeSyntax: (.error, .build,
            "a shortcode that is not closed by `%}}`/`>}}`, or has an unterminated quoted argument",
            "Close the shortcode on the same line, with matching delimiters and quotes.")
        case .shortcodeArguments: (.error, .build,
            "a shortcode called with missing or unexpected arguments",
            "Write `{{% rule \"dir/file.yml\" \"AlertName\" %}}`, `{{< ref \"path.md\" >}}` or `{{< param \"name\" >}}`.")
        case .shortcodeBudgetExceeded: (.error, .build,
            "a page's shortcodes would produce more than 8 MB of text (a `param` printed thousands of times)",
            "Print the value fewer times, or shorten it; put long text in the page itself.")
        case .refNotFound: (.error, .build,
            "a `ref`/`relref` shortcode names a page that does not exist",
            "Give the page's path under content/ (e.g. `runbooks/x/Page.md`), or its path relative to this page.")
        case .paramNotFound: (.error, .build,
            "a `param` shortcode names a parameter that neither the page nor config.yaml `params` defines",
            "Define the parameter under `params:` in config.yaml or in the page's front matter.")

        // MARK: Rules

        case .ruleFileNotFound: (.error, .build,
            "a `rule` shortcode names a rule file that does not exist under rules/",
            "Give the path relative to the rules folder, e.g. `haproxy/haproxy-exporter-v1.yml`.")
        case .ruleFileInvalid: (.error, .build,
            "a rule file is not valid YAML or not shaped as Prometheus rule groups",
            "Fix the file at the reported line; `promtool check rules FILE` checks it the way Prometheus will.")
        case .rulePathOutside: (.error, .build,
            "a `rule` shortcode path leaves the rules folder (`..`, an absolute path or a symlink out)",
            "Give a path inside the rules folder.")
        case .ruleNotFound: (.error, .build,
            "a `rule` shortcode names an alert that its rule file does not define",
            "Fix the alert name, or remove the shortcode if the alert was deleted.")
        case .ruleAmbiguous: (.warning, .build,
            "a `rule` shortcode names an alert defined more than once in the file; all are shown",
            "Rename one of the rules, or accept that the page shows every definition.")
        case .ruleBudgetExceeded: (.warning, .build,
            "the rules a page's `rule` shortcodes show would pass 4 MB (one rule repeated, or huge rules); the rest show a note",
            "Show each rule once, and fewer or smaller rules per page; split the page.")
        case .ruleExprInvalid: (.error, .lint,
            "a rule's `expr` is not valid PromQL (Prometheus would refuse to load the file)",
            "Fix the expression at the reported line and column; `promtool check rules FILE` gives Prometheus' own message.")
        case .duplicateAlert: (.warning, .lint,
            "the same alert name is defined twice in one rule group",
            "Rename or merge the two rules; pages showing the alert cannot tell them apart.")
        case .alertWithoutRunbook: (.warning, .lint,
            "an alert that no page shows and whose runbook annotation leads to no page",
            "Write a page for it (`runbook new rules/FILE ALERT`) or point its annotation at an existing page.")
        case .runbookURLDangling: (.error, .lint,
            "an alert's `runbook` or `runbook_url` annotation points at a page that does not exist",
            "Fix the URL; the message names the page that was probably meant.")
        case .runbookURLEmptyPage: (.warning, .lint,
            "an alert's runbook annotation points at a page with no content",
            "Write the runbook, or point the annotation elsewhere.")
        case .runbookURLMissing: (.info, .lint,
            "an alert has no `runbook` or `runbook_url` annotation",
            "Add `runbook_url: <page URL>` to the alert's annotations so the alert links to its page.")
        case .runbookURLOtherPage: (.warning, .lint,
            "an alert's runbook annotation leads to a page that does not show the alert, while another page does",
            "Point the annotation at the page that shows the alert (the message names it), or show the alert on the page it links to.")
        case .staleRuleCopy: (.warning, .lint,
            "the YAML copy of a rule kept in a page's `{{% comment %}}` differs from the rule file",
            "Update or delete the copy; the `rule` shortcode already shows the current rule.")

        // MARK: Content

        case .emptyPage: (.warning, .lint,
            "a page file with no content",
            "Write the page or delete the file.")
        case .missingSection: (.warning, .lint,
            "a page that shows a rule lacks one of the required `##` sections",
            "Add the section, or change `runbook.requiredSections` in config.yaml.")
        case .setextHeading: (.warning, .lint,
            "a paragraph followed by `---` became a heading; a horizontal rule was probably meant",
            "Put a blank line before `---` for a rule, or write the heading as `## Text`.")
        case .duplicateHeading: (.info, .lint,
            "two headings with the same text on a page (the second anchor gets `-1`)",
            "Give the headings distinct texts so their anchors are stable.")
        case .placeholderLink: (.warning, .lint,
            "a link to example.com, localhost or another placeholder",
            "Replace it with the real URL, or remove the link.")
        case .unsafeHTML: (.warning, .lint,
            "raw HTML with `<script>`, an `on…=` handler or a `javascript:` URL",
            "Remove the script; runbooks need none.")

        // MARK: Links

        case .linkBroken: (.error, .lint,
            "an internal link or image that reaches no page or file of the site",
            "Fix the path; links to pages may use their URL or their `.md` file.")
        case .anchorMissing: (.warning, .lint,
            "a link's `#anchor` names no heading of the target page",
            "Use one of the target's heading ids (shown by the `#` link next to each heading).")
        case .linkSelf: (.info, .lint,
            "a link that leads to the page it is on",
            "Use `#anchor` for a place on the same page, or remove the link.")
        case .externalLinkBroken: (.error, .lint,
            "an external link that answered with an error or not at all (checked with `--external`)",
            "Fix or remove the link; hosts that refuse robots can be excluded in `runbook.externalLinks.exclude`.")
        }
    }
}
