import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The CI report formats: GitHub annotations within the platform's limits, GitLab Code Quality,
/// reviewdog's rdjson with suggestions, and SARIF fingerprints that survive moved lines.
@Suite struct CIReportTests {
    static func finding(_ code: DiagnosticCode, _ file: String, _ line: Int, _ message: String = "m") -> Diagnostic {
        Diagnostic(code, message, at: SourceLocation(file: file, line: line, column: 1))
    }

    @Test func gitHubPutsErrorsFirstThenChangedFiles() {
        let findings = [
            Self.finding(.emptyPage, "content/a.md", 1, "empty a"),
            Self.finding(.emptyPage, "content/b.md", 1, "empty b"),
            Self.finding(.linkBroken, "content/c.md", 3, "broken c"),
            Self.finding(.runbookURLMissing, "rules/r.yml", 2, "no url"),
        ]
        let ordered = GitHubAnnotations.prioritised(findings, pathPrefix: "docs/", changedFiles: ["docs/content/b.md"])
        #expect(ordered.map(\.message) == ["broken c", "empty b", "empty a", "no url"])
        let output = GitHubAnnotations.render(findings, pathPrefix: "docs/", changedFiles: ["docs/content/b.md"])
        #expect(output == """
            ::error file=docs/content/c.md,line=3,col=1,title=link-broken::broken c
            ::warning file=docs/content/b.md,line=1,col=1,title=empty-page::empty b
            ::warning file=docs/content/a.md,line=1,col=1,title=empty-page::empty a
            ::notice file=docs/rules/r.yml,line=2,col=1,title=runbook-url-missing::no url

            """)
    }

    @Test func gitHubStopsAtTheLimitsAndLogsTheRest() {
        let errors = (1...12).map { Self.finding(.linkBroken, "content/e.md", $0, "broken \($0)") }
        let warnings = (1...3).map { Self.finding(.emptyPage, "content/w\($0).md", 1, "empty \($0)") }
        let output = GitHubAnnotations.render(warnings + errors, changedFiles: nil, perKind: 10, total: 12)
        let lines = output.split(separator: "\n").map(String.init)
        #expect(lines.filter { $0.hasPrefix("::error ") }.count == 10)
        #expect(lines.filter { $0.hasPrefix("::warning ") }.count == 2)  // 12 in all
        #expect(lines[12] == "runbook: 3 more findings than GitHub shows as annotations; all are in the step summary:")
        #expect(Array(lines[13...]) == [
            "runbook: content/e.md:11:1: error: broken 11 [link-broken]",
            "runbook: content/e.md:12:1: error: broken 12 [link-broken]",
            "runbook: content/w3.md:1:1: warning: empty 3 [empty-page]",
        ])
        // The defaults are github.com's: 10 of a kind per step, 50 per job.
        let many = (1...60).map { Self.finding(.runbookURLMissing, "rules/r.yml", $0) }
        #expect(GitHubAnnotations.render(many).split(separator: "\n").filter { $0.hasPrefix("::notice ") }.count == 10)
    }

    @Test func gitLabCodeQuality() {
        let findings = [Self.finding(.linkBroken, "content/c.md", 3, "link x is broken"), Diagnostic(.emptyPage, "no place", at: nil)]
        let fingerprints = FindingFingerprint.all(findings, pathPrefix: "site/")
        #expect(GitLabCodeQualityReport.render(findings, pathPrefix: "site/") == """
            [
              {
                "type": "issue",
                "check_name": "link-broken",
                "description": "link x is broken",
                "categories": [
                  "Bug Risk"
                ],
                "severity": "major",
                "fingerprint": "\(fingerprints[0])",
                "location": {
                  "path": "site/content/c.md",
                  "lines": {
                    "begin": 3
                  }
                }
              },
              {
                "type": "issue",
                "check_name": "empty-page",
                "description": "no place",
                "categories": [
                  "Bug Risk"
                ],
                "severity": "minor",
                "fingerprint": "\(fingerprints[1])",
                "location": {
                  "path": "site/.",
                  "lines": {
                    "begin": 1
                  }
                }
              }
            ]

            """)
    }

    @Test func fingerprintsIgnoreLinesAndTellTwinsApart() {
        let before = [Self.finding(.linkBroken, "content/c.md", 3, "x"), Self.finding(.linkBroken, "content/c.md", 9, "x"),
                      Self.finding(.emptyPage, "content/d.md", 1, "y")]
        let after = [Self.finding(.linkBroken, "content/c.md", 13, "x"), Self.finding(.linkBroken, "content/c.md", 19, "x"),
                     Self.finding(.emptyPage, "content/d.md", 1, "y")]
        let first = FindingFingerprint.all(before)
        #expect(first == FindingFingerprint.all(after))
        #expect(Set(first).count == 3)
        #expect(first.allSatisfy { $0.count == 16 && $0.allSatisfy(\.isHexDigit) })
        #expect(FindingFingerprint.all(before, pathPrefix: "docs/") != first)
        // The value is fixed by the recipe (FNV-1a), the same in every process and release.
        #expect(FindingFingerprint.all([Self.finding(.linkBroken, "a.md", 1, "x")]) == ["08d49bcee8fc7d37"])
    }

    @Test func sarifCarriesFingerprints() {
        let findings = [Self.finding(.linkBroken, "content/c.md", 3, "x")]
        let sarif = SARIFReport.render(findings, pathPrefix: "", toolVersion: RunbookVersion.number)
        let fingerprint = FindingFingerprint.all(findings)[0]
        let expected = "          \"partialFingerprints\": {\n            \"runbookFinding/v1\": \"\(fingerprint)\"\n          }"
        #expect(sarif.contains(expected), "\(sarif)")
        #expect(sarif.contains("\"version\": \"\(RunbookVersion.number)\""))
    }

    @Test func rdjsonWithSuggestionForACertainFix() {
        let web = LintFixture.edited(LintChecksTests.web, "tags: [web]\n", "tags: [web]\nsevrity: x\n")
        let found = LintFixture.diagnostics(["config.yaml": LintChecksTests.schemaConfig, LintChecksTests.web: web])
            .filter { $0.code == .frontMatterUnknownKey || $0.code == .frontMatterRequired }
            .sorted(by: Diagnostic.reportOrder)
        let unknown = found.filter { $0.code == .frontMatterUnknownKey }
        #expect(unknown.count == 1)
        #expect(unknown.first?.fix == DiagnosticFix(replacing: "sevrity", with: "severity"))
        let text = RDJSONReport.render(unknown)
        #expect(text == """
            {
              "source": {
                "name": "runbook"
              },
              "diagnostics": [
                {
                  "message": "\(unknown[0].message)",
                  "location": {
                    "path": "\(LintChecksTests.web)",
                    "range": {
                      "start": {
                        "line": 5,
                        "column": 1
                      }
                    }
                  },
                  "severity": "INFO",
                  "code": {
                    "value": "front-matter-unknown-key"
                  },
                  "suggestions": [
                    {
                      "range": {
                        "start": {
                          "line": 5,
                          "column": 1
                        },
                        "end": {
                          "line": 5,
                          "column": 8
                        }
                      },
                      "text": "severity"
                    }
                  ]
                }
              ]
            }

            """)
        // No suggestion without a certain fix.
        let plain = RDJSONReport.render([Self.finding(.linkBroken, "content/c.md", 3, "x")])
        #expect(!plain.contains("suggestions"))
        #expect(plain.contains("\"severity\": \"ERROR\""))
    }
}
