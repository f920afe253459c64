import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `runbook lint` on the real Hugo runbook site `../shared/corpus/srerun` (read-only; it is
/// never modified). Skipped, with a visible reason, where the corpus is not checked out.
@Suite struct LintCorpusTests {
    static let corpus = Corpus.path

    static let available = Corpus.isAvailable

    static let result: BuildResult? = {
        guard available else { return nil }
        let (config, _) = ConfigLoader.load(sourceDirectory: corpus)
        var options = BuildOptions(sourceDirectory: corpus)
        options.reportLintChecks = true
        options.renderTemplates = false
        return BuildPipeline.run(config: config, options: options)
    }()

    @Test(.enabled(if: available, "../shared/corpus/srerun is not checked out next to the package; corpus lint test skipped"))
    func countsPerCode() throws {
        let result = try #require(Self.result)
        let diagnostics = result.diagnostics
        func count(_ code: DiagnosticCode) -> Int { diagnostics.filter { $0.code == code }.count }

        #expect(result.fails(strict: false))  // exit 1
        #expect(count(.ruleNotFound) == 9)
        #expect(count(.ruleAmbiguous) == 6)
        #expect(count(.emptyPage) == 7)
        #expect(count(.runbookURLDangling) == 6)
        #expect(count(.runbookURLEmptyPage) == 7)
        #expect(count(.staleRuleCopy) == 33)
        #expect(count(.missingSection) == 1)
        #expect(count(.duplicateAlert) == 6)
        #expect(count(.setextHeading) == 69)
        #expect(count(.placeholderLink) == 1)
        #expect(count(.linkSelf) == 6)
        #expect(count(.linkBroken) == 0)
        #expect(count(.anchorMissing) == 0)
        #expect(count(.unsafeHTML) == 0)
        #expect(count(.alertWithoutRunbook) == 0)
        // Errors are exactly the missing alerts and the dangling runbook URLs.
        #expect(result.errorCount == 15, "\(diagnostics.filter { $0.severity == .error }.listing)")
    }

    @Test(.enabled(if: available, "../shared/corpus/srerun is not checked out next to the package; corpus lint test skipped"))
    func danglingRunbookURLsAtTheirRuleFileLines() throws {
        let result = try #require(Self.result)
        #expect(result.diagnostics.places(.runbookURLDangling) == [
            "rules/haproxy/haproxy-embedded-exporter-v2.yml:99:22",
            "rules/mysql/mysqld-exporter.yml:27:22",
            "rules/mysql/mysqld-exporter.yml:39:22",
            "rules/postgresql/postgres-exporter.yml:219:22",
            "rules/postgresql/postgres-exporter.yml:231:22",
            "rules/ssl/ribbybibby-ssl-exporter.yml:51:22",
        ])
        let mysql = result.diagnostics.first { $0.location?.description == "rules/mysql/mysqld-exporter.yml:27:22" }
        #expect(mysql?.message.contains("content/runbooks/mysqld-exporter/MysqlTooManyConnections(>80%).md at /runbooks/mysqld-exporter/mysqltoomanyconnections80/") == true)
    }

    @Test(.enabled(if: available, "../shared/corpus/srerun is not checked out next to the package; corpus lint test skipped"))
    func noFalseRuleNotFound() throws {
        let result = try #require(Self.result)
        let missing = result.diagnostics.filter { $0.code == .ruleNotFound }
        #expect(missing.count == 9)
        for diagnostic in missing {
            // Every reported alert is really absent from every rule file.
            let name = try #require(diagnostic.message.split(separator: "\"").dropFirst().first.map(String.init))
            #expect(!result.site.rules.alerts.contains { $0.name == name }, "\(name) exists")
        }
        #expect(result.diagnostics.places(.emptyPage).allSatisfy { $0.hasSuffix(":1:1") })
        #expect(result.diagnostics.places(.missingSection) == ["content/runbooks/pbs-exporter/ProxmoxBackupSnapshotOutdated.md:13:1"])
    }

    @Test(.enabled(if: available, "../shared/corpus/srerun is not checked out next to the package; corpus lint test skipped"))
    func staleCopiesNameTheirFields() throws {
        let result = try #require(Self.result)
        let stale = result.diagnostics.filter { $0.code == .staleRuleCopy }
        #expect(stale.count == 33)
        let deadMan = stale.first { $0.location?.file.hasSuffix("PrometheusAlertmanagerE2eDeadManSwitch.md") == true }
        #expect(deadMan?.message.contains("in labels.severity;") == true, "\(deadMan?.description ?? "missing")")
        let proxmox = stale.first { $0.location?.file.hasSuffix("ProxmoxGuestDown.md") == true }
        #expect(proxmox?.message.contains("in expr, annotations.summary, annotations.description;") == true, "\(proxmox?.description ?? "missing")")
    }

    @Test(.enabled(if: available, "../shared/corpus/srerun is not checked out next to the package; corpus lint test skipped"))
    func publishedFilesMatchARenderedBuild() {
        LintOutputPlanTests.compare(corpus: Self.corpus)
    }
}
