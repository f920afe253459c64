import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// One site that triggers each check and one that must not, asserting code, file, line and
/// column. The base site (`LintFixture`) is clean: every check passes on it.
@Suite struct LintChecksTests {
    static let web = "content/runbooks/web/WebDown.md"
    static let db = "content/runbooks/db/DbDown.md"

    @Test func baseSiteIsClean() {
        let diagnostics = LintFixture.diagnostics()
        #expect(diagnostics.isEmpty, "\(diagnostics.listing)")
    }

    // MARK: Content

    @Test func emptyPage() {
        let found = LintFixture.diagnostics([
            "content/runbooks/web/Empty.md": "",
            "content/runbooks/web/OnlyFrontMatter.md": "---\ntitle: Only front matter\n---\n",
        ])
        #expect(found.places(.emptyPage) == ["content/runbooks/web/Empty.md:1:1", "content/runbooks/web/OnlyFrontMatter.md:1:1"])
        #expect(found.messages(.emptyPage)[0].contains("the file is empty"))
    }

    @Test func emptySectionFileIsNotAnEmptyPage() {
        let found = LintFixture.diagnostics(["content/runbooks/web/_index.md": "", "content/runbooks/db/_index.md": "---\ntitle: DB\n---\n"])
        #expect(found.places(.emptyPage).isEmpty, "\(found.listing)")
    }

    @Test func missingSection() {
        let page = LintFixture.edited(Self.web, "## Impact\n\nUsers see errors.\n\n", "")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.missingSection) == ["\(Self.web):6:1"])
        #expect(found.messages(.missingSection)[0].contains("`## Impact`"))
    }

    @Test func missingSectionMatchesHeadingsLoosely() {
        let page = LintFixture.edited(Self.web, "## Impact\n", "## impact:\n")
        #expect(LintFixture.diagnostics([Self.web: page]).places(.missingSection).isEmpty)
        // A page that shows no rule needs no sections (the home page has none).
        #expect(LintFixture.diagnostics(["content/runbooks/Notes.md": "---\ntitle: Notes\n---\nJust notes.\n"]).isEmpty)
    }

    @Test func requiredSectionsComeFromConfig() {
        let config = LintFixture.base["config.yaml"]! + "runbook:\n  requiredSections: [Meaning, Escalation]\n"
        let found = LintFixture.diagnostics(["config.yaml": config])
        #expect(found.places(.missingSection) == ["\(Self.db):5:1", "\(Self.web):6:1"])
        #expect(found.messages(.missingSection).allSatisfy { $0.contains("`## Escalation`") && !$0.contains("Meaning") })
    }

    @Test func setextHeadingReportedOnce() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", "Restart it.\n---\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.setextHeading) == ["\(Self.web):44:1"])
        let fine = LintFixture.edited(Self.web, "Restart it.\n", "Restart it.\n\n---\n")
        #expect(LintFixture.diagnostics([Self.web: fine]).isEmpty)
    }

    @Test func duplicateHeading() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", "Restart it.\n\n## Impact\n\nMore.\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.duplicateHeading) == ["\(Self.web):46:1"])
    }

    @Test func placeholderLinks() {
        let page = LintFixture.edited(Self.web, "Restart it.\n",
            "Restart it, see [the guide](https://example.com/guide) or http://localhost:9090/graph.\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.placeholderLink) == ["\(Self.web):44:29", "\(Self.web):44:59"], "\(found.listing)")
        #expect(found.messages(.placeholderLink)[0].contains("example.com"))
    }

    @Test func realAddressesAreNoPlaceholders() {
        let page = LintFixture.edited(Self.web, "Restart it.\n",
            "Restart it, see [the guide](https://docs.acme.test/example.com) or [here](https://runbooks.acme.test/runbooks/db/dbdown/).\n")
        #expect(LintFixture.diagnostics([Self.web: page]).isEmpty)
    }

    @Test func placeholderHostsComeFromConfig() {
        let config = LintFixture.base["config.yaml"]! + "runbook:\n  placeholderHosts: [logs.acme.test]\n"
        #expect(LintFixture.diagnostics(["config.yaml": config]).places(.placeholderLink) == ["\(Self.db):19:20"])
    }

    @Test func unsafeHTMLReportedOnce() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", "Restart it.\n\n<div onclick=\"steal()\">click</div>\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.unsafeHTML) == ["\(Self.web):46:1"])
        let fine = LintFixture.edited(Self.web, "Restart it.\n", "Restart it.\n\n<div class=\"note\">on call: page the DBA</div>\n")
        #expect(LintFixture.diagnostics([Self.web: fine]).isEmpty)
    }

    // MARK: Front matter

    @Test func frontMatterInvalid() {
        let page = LintFixture.edited(Self.web, "tags: [web]\n", "tags: [web\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.frontMatterInvalid).count == 1)
        #expect(found.places(.frontMatterInvalid).first?.hasPrefix("\(Self.web):5:") == true, "\(found.listing)")
    }

    @Test func titleMissing() {
        let found = LintFixture.diagnostics(["content/runbooks/web/NoTitle.md": "---\ndescription: x\n---\nText.\n"])
        #expect(found.places(.titleMissing) == ["content/runbooks/web/NoTitle.md:1:1"])
        #expect(LintFixture.diagnostics(["content/runbooks/web/Titled.md": "---\ntitle: T\n---\nText.\n"]).isEmpty)
    }

    @Test func frontMatterTypeOfHugoKeysReportedOnce() {
        let page = LintFixture.edited(Self.web, "tags: [web]\n", "tags: web\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.frontMatterType) == ["\(Self.web):4:1"])
    }

    static let schemaConfig = LintFixture.base["config.yaml"]! + """
        runbook:
          frontMatter:
            required: [owner]
            keys:
              severity: { allowed: [critical, warning, info] }
              owner: { type: string, pattern: "^@[a-z-]+$" }
              reviewed: { type: date }
              priority: { type: integer }

        """

    @Test func frontMatterSchema() {
        let web = LintFixture.edited(Self.web, "tags: [web]\n", "tags: [web]\nowner: ops\nseverity: critcal\nreviewed: last week\nsevrity: x\npriority: high\n")
        let found = LintFixture.diagnostics(["config.yaml": Self.schemaConfig, Self.web: web, "content/runbooks/db/Empty.md": ""])
        #expect(found.places(.frontMatterRequired) == ["\(Self.db):1:1"])  // the empty file is only an empty-page
        #expect(found.messages(.frontMatterRequired)[0].contains("`owner`"))
        #expect(found.places(.frontMatterValue) == ["\(Self.web):5:1", "\(Self.web):6:1"])
        #expect(found.messages(.frontMatterValue)[1].contains("did you mean `critical`"))
        #expect(found.places(.frontMatterType) == ["\(Self.web):7:1", "\(Self.web):9:1"])
        #expect(found.messages(.frontMatterType)[1].contains("`priority` should be a whole number, not a string"))
        #expect(found.places(.frontMatterUnknownKey) == ["\(Self.web):8:1"])
        #expect(found.filter { $0.code == .frontMatterUnknownKey }.allSatisfy { $0.severity == .info })
        #expect(found.messages(.frontMatterUnknownKey)[0].contains("did you mean `severity`"))
    }

    @Test func frontMatterSchemaSatisfied() {
        let owned = "tags: [web]\nowner: \"@web-team\"\nseverity: critical\nreviewed: 2024-05-01\npriority: 2\n"
        let web = LintFixture.edited(Self.web, "tags: [web]\n", owned)
        let db = LintFixture.edited(Self.db, "aliases: [/old/db/]\n", "aliases: [/old/db/]\nowner: \"@dba\"\n")
        let found = LintFixture.diagnostics(["config.yaml": Self.schemaConfig, Self.web: web, Self.db: db])
        #expect(found.isEmpty, "\(found.listing)")
    }

    @Test func unknownKeysCanBeSilencedInConfig() {
        let config = LintFixture.base["config.yaml"]! + "runbook:\n  frontMatter:\n    reportUnknownKeys: false\n"
        let web = LintFixture.edited(Self.web, "tags: [web]\n", "tags: [web]\nteam: web\n")
        #expect(LintFixture.diagnostics([Self.web: web]).places(.frontMatterUnknownKey) == ["\(Self.web):5:1"])
        #expect(LintFixture.diagnostics(["config.yaml": config, Self.web: web]).isEmpty)
    }

    // MARK: Rules and pages

    @Test func buildStageRuleCodesReportedOnce() {
        let db = LintFixture.edited(Self.db, "{{% rule \"app.yml\" \"DbDown\" %}}", "{{% rule \"app.yml\" \"DbGone\" %}} {{< youtube x >}}")
        let found = LintFixture.diagnostics([Self.db: db, "rules/broken.yml": "groups:\n  - name: [\n"])
        #expect(found.places(.ruleNotFound) == ["\(Self.db):7:1"])
        #expect(found.places(.shortcodeUnknown) == ["\(Self.db):7:33"])
        #expect(found.places(.ruleFileInvalid).count == 1)
        #expect(found.places(.ruleFileInvalid).first?.hasPrefix("rules/broken.yml:") == true)
        let missingFile = LintFixture.edited(Self.db, "\"app.yml\"", "\"gone.yml\"")
        #expect(LintFixture.diagnostics([Self.db: missingFile]).places(.ruleFileNotFound) == ["\(Self.db):7:1"])
        let unclosed = LintFixture.edited(Self.db, "## Mitigation\n", "{{% comment %}}\n## Mitigation\n")
        #expect(LintFixture.diagnostics([Self.db: unclosed]).places(.shortcodeUnclosed) == ["\(Self.db):21:1"])
    }

    static let secondWebDown = """
              - alert: WebDown
                expr: up{job="web"} < 1
                labels:
                  severity: warning
                annotations:
                  runbook_url: https://runbooks.acme.test/runbooks/web/webdown/

        """

    @Test func duplicateAlertInOneGroup() {
        let rules = LintFixture.base["rules/app.yml"]! + Self.secondWebDown
        let found = LintFixture.diagnostics(["rules/app.yml": rules])
        #expect(found.places(.duplicateAlert) == ["rules/app.yml:20:9"])
        #expect(found.messages(.duplicateAlert)[0].contains("line 4"))
        #expect(found.places(.ruleAmbiguous) == ["\(Self.web):13:1"])
        // The page's copy matches the first definition: not stale.
        #expect(found.places(.staleRuleCopy).isEmpty)
    }

    @Test func sameAlertInAnotherGroupIsNoDuplicate() {
        let rules = LintFixture.base["rules/app.yml"]! + "  - name: Other\n    rules:\n" + Self.secondWebDown
        #expect(LintFixture.diagnostics(["rules/app.yml": rules]).places(.duplicateAlert).isEmpty)
    }

    @Test func runbookURLDanglingOnTheRuleFileLine() {
        let rules = LintFixture.edited("rules/app.yml", "/runbooks/web/webdown/", "/runbooks/web/WebDown(>80%)/")
        let found = LintFixture.diagnostics(["rules/app.yml": rules])
        #expect(found.places(.runbookURLDangling) == ["rules/app.yml:11:24"], "\(found.listing)")
        let message = found.messages(.runbookURLDangling)[0]
        #expect(message.contains("content/runbooks/web/WebDown.md"))
        #expect(message.contains("use https://runbooks.acme.test/runbooks/web/webdown/"))
        #expect(found.filter { $0.code == .runbookURLDangling }.allSatisfy { $0.severity == .error })
    }

    @Test func runbookURLDanglingNamesThePageMeantByItsURL() {
        // No page shows CacheDown; the URL was written from the file name, which Hugo sanitises.
        let rules = LintFixture.base["rules/app.yml"]! + """
              - alert: CacheDown
                expr: up{job="cache"} == 0
                annotations:
                  runbook: https://mirror.acme.test/wiki/runbooks/web/cachedown(>1)/

        """
        let found = LintFixture.diagnostics(["rules/app.yml": rules,
                                             "content/runbooks/web/CacheDown(>1).md": "---\ntitle: CacheDown\n---\nText.\n"])
        #expect(found.places(.runbookURLDangling) == ["rules/app.yml:23:20"])
        #expect(found.messages(.runbookURLDangling)[0].contains("content/runbooks/web/CacheDown(>1).md at /runbooks/web/cachedown1/"))
        #expect(found.messages(.runbookURLDangling)[0].contains("use https://mirror.acme.test/wiki/runbooks/web/cachedown1/"))
        #expect(found.places(.alertWithoutRunbook) == ["rules/app.yml:20:9"])
    }

    @Test func runbookURLOnAnotherHostMatchesByPath() {
        let rules = LintFixture.edited("rules/app.yml", "https://runbooks.acme.test/runbooks/web/webdown/",
                                       "https://mirror.acme.test/wiki/runbooks/web/webdown/")
        #expect(LintFixture.diagnostics(["rules/app.yml": rules]).isEmpty)
    }

    @Test func runbookURLPrefixesFromConfig() {
        let rules = LintFixture.edited("rules/app.yml", "https://runbooks.acme.test/runbooks/web/webdown/",
                                       "https://wiki.acme.test/rb/web/missing/")
        // Not recognisable as this site's: left alone…
        #expect(LintFixture.diagnostics(["rules/app.yml": rules]).places(.runbookURLDangling).isEmpty)
        // …until the prefix is declared.
        let config = LintFixture.base["config.yaml"]! + "runbook:\n  runbookURLPrefixes: [\"https://wiki.acme.test/rb/\"]\n"
        #expect(LintFixture.diagnostics(["rules/app.yml": rules, "config.yaml": config]).places(.runbookURLDangling) == ["rules/app.yml:11:24"])
    }

    @Test func runbookURLToAnEmptyPage() {
        let rules = LintFixture.edited("rules/app.yml", "/runbooks/db/dbdown/", "/runbooks/db/dbnotes/")
        let found = LintFixture.diagnostics(["rules/app.yml": rules, "content/runbooks/db/DbNotes.md": ""])
        #expect(found.places(.runbookURLEmptyPage) == ["rules/app.yml:19:24"])
        #expect(found.places(.emptyPage) == ["content/runbooks/db/DbNotes.md:1:1"])
    }

    @Test func runbookURLToAPageThatDoesNotShowTheAlert() {
        let rules = LintFixture.edited("rules/app.yml", "/runbooks/db/dbdown/", "/runbooks/web/webdown/")
        let found = LintFixture.diagnostics(["rules/app.yml": rules])
        #expect(found.places(.runbookURLOtherPage) == ["rules/app.yml:19:24"])
        #expect(found.messages(.runbookURLOtherPage)[0].contains("content/runbooks/db/DbDown.md does: use https://runbooks.acme.test/runbooks/db/dbdown/"))
        // Pointing at a page that shows no rule at all, for an alert no page shows: fine.
        let notes = LintFixture.edited("rules/app.yml", "/runbooks/db/dbdown/", "/runbooks/db/notes/")
        let db = LintFixture.edited(Self.db, "{{% rule \"app.yml\" \"DbDown\" %}}\n", "")
        let quiet = LintFixture.diagnostics(["rules/app.yml": notes, Self.db: db,
                                             "content/runbooks/db/Notes.md": "---\ntitle: Notes\n---\nRestart the database.\n"])
        #expect(quiet.places(.runbookURLOtherPage).isEmpty, "\(quiet.listing)")
    }

    @Test func runbookURLMissing() {
        let rules = LintFixture.edited("rules/app.yml", "          runbook_url: https://runbooks.acme.test/runbooks/db/dbdown/\n", "")
        let found = LintFixture.diagnostics(["rules/app.yml": rules])
        #expect(found.places(.runbookURLMissing) == ["rules/app.yml:12:9"])
        #expect(found.filter { $0.code == .runbookURLMissing }.allSatisfy { $0.severity == .info })
        #expect(found.messages(.runbookURLMissing)[0].contains("runbook_url: https://runbooks.acme.test/runbooks/db/dbdown/"))
        #expect(found.places(.alertWithoutRunbook).isEmpty)  // a page shows it
    }

    @Test func alertWithoutRunbook() {
        let rules = LintFixture.base["rules/app.yml"]! + """
              - alert: QueueFull
                expr: queue_length > 100
              - alert: QueueSlow
                expr: queue_latency > 1
                annotations:
                  runbook_url: https://wiki.other.test/QueueSlow

        """
        let found = LintFixture.diagnostics(["rules/app.yml": rules])
        #expect(found.places(.alertWithoutRunbook) == ["rules/app.yml:20:9"])
        #expect(found.places(.runbookURLMissing) == ["rules/app.yml:20:9"])
    }

    @Test func staleRuleCopyNamesTheFields() {
        var page = LintFixture.edited(Self.web, "for: 5m\nlabels:", "for: 10m\nlabels:")
        page = page.replacingOccurrences(of: "  summary: Web is down\n  runbook_url", with: "  summary: Web is slow\n  runbook_url")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.staleRuleCopy) == ["\(Self.web):19:6"])
        #expect(found.messages(.staleRuleCopy)[0].contains("differs from rules/app.yml:4 in for, annotations.summary"))
    }

    @Test func staleRuleCopyOfExprAndLabels() {
        var page = LintFixture.edited(Self.web, "expr: up{job=\"web\"} == 0\nfor", "expr: up{job=\"www\"} == 0\nfor")
        page = page.replacingOccurrences(of: "  severity: critical\nannotations", with: "  severity: critical\n  team: web\nannotations")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.staleRuleCopy) == ["\(Self.web):18:7"])
        #expect(found.messages(.staleRuleCopy)[0].contains("in expr, labels.team"))
    }

    @Test func reformattedCopyIsNotStale() {
        // Another runbook URL, the expression wrapped differently: the same rule.
        let page = LintFixture.edited(Self.web, "expr: up{job=\"web\"} == 0\n", "expr: >-\n  up{job=\"web\"}\n  == 0\n")
        #expect(LintFixture.diagnostics([Self.web: page]).isEmpty)
    }

    // MARK: Links

    @Test func brokenLinks() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", """
            Restart it: [cache](../cache/), [notes](Notes.md), ![graph](/images/graph.png)
            and [old](https://runbooks.acme.test/runbooks/db/dbdwon/).

            """)
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.linkBroken) == ["\(Self.web):44:21", "\(Self.web):44:41", "\(Self.web):44:61", "\(Self.web):45:11"],
                "\(found.listing)")
        let messages = found.messages(.linkBroken)
        #expect(messages[0].contains("/runbooks/web/cache/"))
        #expect(messages[1].contains("Notes.md names no page"))
        #expect(messages[2].hasPrefix("image /images/graph.png"))
        #expect(messages[3].contains("did you mean /runbooks/db/dbdown/"))
    }

    @Test func linksToEverythingTheSitePublishes() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", """
            Restart it: [css](/assets/runbook.css), [map](/sitemap.xml), [home](/), [section](/runbooks/),
            [tags](/tags/), [alias](/old/db), [file](../../../images/web.png), [mail](mailto:x@acme.test), [db](../../db/dbdown/index.html).

            """)
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.isEmpty, "\(found.listing)")
    }

    @Test func linksUnderABasePath() {
        let site = TestSite("""
            -- config.yaml --
            baseURL: https://acme.test/docs/
            -- content/a.md --
            ---
            title: A
            ---
            [b](/docs/b/), [b2](b.md), [out](/b/), [rel](../b/), [abs](https://acme.test/docs/b/)
            -- content/b.md --
            ---
            title: B
            ---
            B.
            """)
        let found = LintFixture.lint(site).diagnostics
        #expect(found.places(.linkBroken) == ["content/a.md:4:34"], "\(found.listing)")
        #expect(found.messages(.linkBroken)[0].contains("outside the site"))
    }

    @Test func missingAnchors() {
        let page = LintFixture.edited(Self.web, "Restart it.\n",
            "Restart it ([db impact](../db/DbDown.md#impacts), [below](#Mitigation), [top](#webdown)).\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.anchorMissing) == ["\(Self.web):44:25", "\(Self.web):44:59"], "\(found.listing)")
        #expect(found.messages(.anchorMissing)[0].contains("did you mean #impact?"))
        #expect(found.messages(.anchorMissing)[1].contains("use #mitigation"))
    }

    @Test func refShortcodeAnchors() {
        let page = LintFixture.edited(Self.web, "Restart it.\n",
            "Restart it, see [db]({{< ref \"runbooks/db/DbDown.md#mitigaton\" >}}) and [ok]({{< relref \"../db/DbDown.md#mitigation\" >}}).\n")
        let found = LintFixture.diagnostics([Self.web: page])
        // The address is the shortcode's output: the finding sits where the shortcode starts.
        #expect(found.places(.anchorMissing) == ["\(Self.web):44:22"], "\(found.listing)")
        #expect(found.messages(.anchorMissing)[0].contains("did you mean #mitigation?"))
    }

    @Test func anchorsOfRepeatedHeadingsAndRawHTML() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", """
            Restart it.

            ## Impact

            <a id="runbook-end"></a>
            See [the second impact](#impact-1) and [the end](#runbook-end).

            """)
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.anchorMissing).isEmpty, "\(found.listing)")
    }

    @Test func selfLinks() {
        let page = LintFixture.edited(Self.web, "Restart it.\n",
            "Restart it ([this page](/runbooks/web/webdown/), [again](https://runbooks.acme.test/runbooks/web/webdown/)).\n")
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.linkSelf) == ["\(Self.web):44:25", "\(Self.web):44:58"], "\(found.listing)")
        #expect(found.filter { $0.code == .linkSelf }.allSatisfy { $0.severity == .info })
        let anchored = LintFixture.edited(Self.web, "Restart it.\n", "Restart it ([top](#webdown), [meaning](/runbooks/web/webdown/#meaning)).\n")
        #expect(LintFixture.diagnostics([Self.web: anchored]).isEmpty)
    }

    @Test func linksInRawHTMLAndBareAddresses() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", """
            Restart it.

            <p>See <a href="/runbooks/gone/">the old page</a>.</p>

            """)
        let found = LintFixture.diagnostics([Self.web: page])
        #expect(found.places(.linkBroken) == ["\(Self.web):46:17"], "\(found.listing)")
    }

    // MARK: Severity

    @Test func severitiesFromConfigAndCommandLine() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", "Restart it ([this page](/runbooks/web/webdown/), [x](../cache/)).\n")
        let config = LintFixture.base["config.yaml"]! + "runbook:\n  severity:\n    link-self: ignore\n    link-broken: warning\n"
        let site = LintFixture.site([Self.web: page, "config.yaml": config])
        let result = LintFixture.lint(site)
        #expect(result.diagnostics.places(.linkSelf).isEmpty)
        #expect(result.diagnostics.filter { $0.code == .linkBroken }.map(\.severity) == [.warning])
        let tightened = LintFixture.lint(site) { $0.severity = SeverityPolicy(overrides: ["link-broken": .error, "link-self": .warning]) }
        #expect(tightened.diagnostics.filter { $0.code == .linkBroken }.map(\.severity) == [.error])
        #expect(tightened.diagnostics.filter { $0.code == .linkSelf }.map(\.severity) == [.warning])
    }

    @Test func buildDoesNotReportLintChecks() {
        let page = LintFixture.edited(Self.web, "Restart it.\n", "Restart it ([x](../cache/)).\n")
        let site = LintFixture.site([Self.web: page, "content/runbooks/web/Empty.md": ""])
        let build = LintFixture.lint(site) { $0.reportLintChecks = false; $0.renderTemplates = true }
        #expect(build.diagnostics.isEmpty, "\(build.diagnostics.listing)")
    }

    @Test func everyCheckHasCataloguedCodes() {
        let catalogue = Set(DiagnosticCode.allCases.map(\.rawValue))
        for check in LintRunner.checks {
            for code in check.codes {
                #expect(catalogue.contains(code.rawValue))
                #expect(code == .frontMatterType || code.stage == .lint, "\(code) should be a lint-stage code")
            }
        }
    }
}

/// Lint does not render templates; it resolves links against the `OutputPlan`, which must list
/// exactly what a rendered build writes.
@Suite struct LintOutputPlanTests {
    static func compare(_ site: TestSite) { compare(corpus: site.root) }

    static func compare(corpus root: String) {
        let (config, _) = ConfigLoader.load(sourceDirectory: root)
        let result = BuildPipeline.run(config: config, options: BuildOptions(sourceDirectory: root))
        let templatesFolder = root + "/" + config.templatesDir
        let theme = Theme.load(templatesFolder: FileManager.default.fileExists(atPath: templatesFolder) ? templatesFolder : nil)
        let (templates, _) = TemplateSet.compile(theme, templatesFolder: config.templatesDir)
        let searchFiles = SearchIndex.build(site: result.site, contents: result.contents).files.map(\.path)
        let listed = OutputPlan(site: result.site, theme: theme, templates: templates, staticFiles: result.staticFiles,
                                searchFiles: searchFiles).paths
        let written = Set(result.outputs.map(\.path)).union(result.staticFiles.map(\.outputPath))
        #expect(listed.subtracting(written).sorted() == [])
        #expect(written.subtracting(listed).sorted() == [])
    }

    @Test func sameAsARenderedBuild() {
        Self.compare(LintFixture.site([
            "content/runbooks/db/Replica.md": "---\ntitle: Replica\ntags: [db, Storage Layer]\naliases: [replica-old, /x/y.html]\n---\nText.\n",
            "content/runbooks/db/diagram.svg": "<svg/>",
        ]))
        Self.compare(LintFixture.site(["config.yaml": LintFixture.base["config.yaml"]! + "runbook:\n  alertsPage: \"\"\n",
                                       "content/tags/_index.md": "---\ntitle: Tags\n---\n"]))
    }

    /// The renderer adds the search index's files to the parse stage's plan instead of planning
    /// again; the result must be the plan made with them, and a clash must make it plan anew.
    @Test func addingSearchFilesEqualsPlanningWithThem() throws {
        let site = LintFixture.site(["content/runbooks/db/Replica.md": "---\ntitle: Replica\ntags: [db]\naliases: [old]\n---\nText.\n"])
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let result = BuildPipeline.run(config: config, options: BuildOptions(sourceDirectory: site.root))
        let theme = Theme.load(templatesFolder: nil)
        let (templates, _) = TemplateSet.compile(theme, templatesFolder: config.templatesDir)
        let searchFiles = SearchIndex.build(site: result.site, contents: result.contents).files.map(\.path)
        let base = OutputPlan(site: result.site, theme: theme, templates: templates, staticFiles: result.staticFiles)
        let added = try #require(base.addingSearchFiles(searchFiles, site: result.site, staticFiles: result.staticFiles))
        let planned = OutputPlan(site: result.site, theme: theme, templates: templates, staticFiles: result.staticFiles, searchFiles: searchFiles)
        func owners(_ plan: OutputPlan) -> [String: String] {
            Dictionary(uniqueKeysWithValues: plan.entries.map { ($0.path, "\($0.producer)") })
        }
        #expect(owners(added) == owners(planned))
        #expect(added.conflicts.count == planned.conflicts.count)
        // The tags index's path named as a search file: owned by a page already, so plan anew.
        #expect(base.addingSearchFiles(searchFiles + ["tags/index.html"], site: result.site, staticFiles: result.staticFiles) == nil)
    }

    @Test func lintFindsTheSameWithOrWithoutTemplates() {
        let page = LintFixture.edited(LintChecksTests.web, "Restart it.\n",
            "Restart it ([a](/tags/web/), [b](/tags/nope/), [c](/alerts/), [d](/404.html), [e](/search-index.json)).\n")
        let site = LintFixture.site([LintChecksTests.web: page])
        let unrendered = LintFixture.lint(site).diagnostics
        let rendered = LintFixture.lint(site) { $0.renderTemplates = true }.diagnostics
        #expect(unrendered == rendered)
        #expect(unrendered.places(.linkBroken) == ["\(LintChecksTests.web):44:34"])
    }
}
