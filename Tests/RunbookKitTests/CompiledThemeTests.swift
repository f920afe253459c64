import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The default theme renders through Swift compiled from templates/ (`DefaultTheme+Compiled.swift`)
/// and, for a site that overrides a template, through swift-mustache: both must print the same
/// bytes for the same context, or a site's copy of a default template would not look like it.
@Suite struct CompiledThemeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// Builds a site twice, compiled and with swift-mustache, and compares every output.
    static func expectBothWaysIdentical(sourceDirectory: String, minimumFiles: Int,
                                        sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let (config, _) = ConfigLoader.load(sourceDirectory: sourceDirectory)
        func build(compiled: Bool) -> BuildResult {
            var options = BuildOptions(sourceDirectory: sourceDirectory)
            options.severity = SeverityPolicy(overrides: ["rule-not-found": .warning])
            options.compiledTheme = compiled
            return BuildPipeline.run(config: config, options: options)
        }
        let compiled = build(compiled: true)
        let mustache = build(compiled: false)
        #expect(compiled.errorCount == 0, "\(compiled.report)", sourceLocation: sourceLocation)
        #expect(compiled.outputs.map(\.path) == mustache.outputs.map(\.path), sourceLocation: sourceLocation)
        #expect(compiled.outputs.count >= minimumFiles, sourceLocation: sourceLocation)
        var differing: [String] = []
        for (left, right) in zip(compiled.outputs, mustache.outputs) where left.bytes != right.bytes {
            differing.append(left.path)
        }
        #expect(differing == [], sourceLocation: sourceLocation)
        if let first = differing.first,
           let left = compiled.file(first), let right = mustache.file(first) {
            let prefix = zip(left, right).prefix { $0 == $1 }.count
            Issue.record("\(first) first differs at character \(prefix): compiled \(left.dropFirst(prefix).prefix(120).debugDescription), swift-mustache \(right.dropFirst(prefix).prefix(120).debugDescription)",
                         sourceLocation: sourceLocation)
        }
    }

    @Test(.enabled(if: Corpus.isAvailable, "the corpus is not in this checkout"))
    func everyPageOfTheCorpusIsTheSameBothWays() {
        Self.expectBothWaysIdentical(sourceDirectory: Corpus.path, minimumFiles: 1109)
    }

    @Test func everyPageOfTheExampleWikiIsTheSameBothWays() {
        Self.expectBothWaysIdentical(sourceDirectory: Self.repository, minimumFiles: 10)
    }

    /// Every field of every context, and each kind of generated page, in one small site.
    @Test func everyContextFieldIsTheSameBothWays() {
        let site = TestSite(files: [
            "config.yaml": """
                title: "Fields & <more>"
                baseURL: https://example.org/docs/
                params:
                  BookRepo: https://git.example.org/ops/wiki
                  BookEditPath: edit/main
                  team: "SRE 'core'"
                  levels: [1, two]
                  nested: {a: b}
                """,
            "content/_index.md": "---\ntitle: Home\n---\n# Home\n\nWelcome.\n",
            "content/db/_index.md": "---\ntitle: Databases\ndescription: \"All <the> databases\"\n---\nIntro.\n",
            "content/db/empty.md": "---\ntitle: Empty\n---\n",
            "content/db/sub/_index.md": "---\ntitle: Sub\n---\n",
            "content/db/sub/x.md": "---\ntitle: X\n---\nx\n",
            "content/db/pg.md": """
                ---
                title: 'Postgres "down" & <co>'
                tags: [database, "on call"]
                lastmod: 2024-05-01T10:00:00Z
                dateCreated: 2023-01-02
                aliases: [/old/pg/]
                ---
                The first paragraph.

                ## One

                ### Two

                ## Three

                {{% rule "pg.yml" "PostgresDown" %}}

                {{% rule "pg.yml" "Twice" %}}
                """,
            "content/db/notoc.md": "---\ntitle: No toc\nbookToc: false\ntags: [database]\n---\n## A\n\n## B\n",
            "rules/pg.yml": """
                groups:
                  - name: pg
                    rules:
                      - alert: PostgresDown
                        expr: pg_up == 0 and on() x > 1
                        for: 5m
                        keep_firing_for: 10m
                        labels:
                          severity: critical
                          team: "db & co"
                        annotations:
                          summary: Postgres is down
                          runbook_url: https://example.org/docs/db/pg/
                          description: |
                            Line one
                            Line <two>
                      - alert: Twice
                        expr: a
                      - alert: Twice
                        expr: b
                        labels:
                          severity: weird
                      - record: job:x
                        expr: sum(x)
                """,
        ])
        Self.expectBothWaysIdentical(sourceDirectory: site.root, minimumFiles: 12)
    }

    @Test func aSiteOverridingAPartialRendersThePagesThatIncludeItWithMustache() {
        let site = TestSite(files: [
            "config.yaml": "title: T\nparams:\n  team: SRE\n",
            "content/a.md": "---\ntitle: A\n---\nbody\n",
            "templates/_foot.mustache": "<footer>by {{site.params.team}} for {{page.title}}</footer>\n",
        ])
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let theme = Theme.load(templatesFolder: site.path(config.templatesDir))
        let (templates, problems) = TemplateSet.compile(theme, templatesFolder: config.templatesDir)
        #expect(problems.isEmpty)
        #expect(templates.compiled["page"] == nil)     // includes _foot
        #expect(templates.compiled["section"] == nil)
        #expect(templates.compiled["rule"] != nil)     // does not
        #expect(templates.compiled["redirect"] != nil)
        let result = site.build()
        #expect(result.file("a/index.html")?.contains("<footer>by SRE for A</footer>") == true)
    }

    @Test func theGeneratedThemeCodeAndContextReferenceAreCurrent() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") else {
            print("note: python3 is missing: not checking the generated theme")
            return
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/python3")
        process.arguments = [Self.repository + "/scripts/embed-theme", "--check"]
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        process.waitUntilExit()
        let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(message) — run scripts/embed-theme")
    }
}
