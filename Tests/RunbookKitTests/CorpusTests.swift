import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The real corpus (../shared/corpus/srerun), built as it is: no configuration, no edits.
@Suite(.enabled(if: Corpus.isAvailable, "the corpus at ../shared/corpus/srerun is not in this checkout"))
struct CorpusTests {
    static let missingAlerts = [
        "content/runbooks/freeradius-exporter/FreeRADIUSHangupNotOccurred.md:20:1",
        "content/runbooks/netelastic/LowCallCompletionRate.md:20:1",
        "content/runbooks/node-exporter/HostContextSwitchingHigh.md:20:1",
        "content/runbooks/node-exporter/HostCpuIsUnderutilized.md:20:1",
        "content/runbooks/node-exporter/HostMemoryIsUnderutilized.md:20:1",
        "content/runbooks/opnsense/OPNsenseFirewallStatusError.md:20:1",
        "content/runbooks/opnsense/OPNsenseWireGuardInterfaceDown.md:20:1",
        "content/runbooks/postgres-exporter/PostgresqlCommitRateLow.md:20:1",
        "content/runbooks/proxmox-exporter/ProxmoxDiskTargetLost.md:20:1",
    ]

    static func build(_ configure: (inout BuildOptions) -> Void = { _ in }) -> BuildResult {
        let (config, problems) = ConfigLoader.load(sourceDirectory: Corpus.path)
        #expect(problems.isEmpty)
        var options = BuildOptions(sourceDirectory: Corpus.path)
        configure(&options)
        return BuildPipeline.run(config: config, options: options)
    }

    @Test func buildFailsWithExactlyTheNineMissingAlerts() {
        let result = Self.build()
        let errors = result.diagnostics.filter { $0.severity == .error }
        #expect(errors.allSatisfy { $0.code == .ruleNotFound })
        #expect(errors.compactMap { $0.location?.description } == Self.missingAlerts)
        #expect(result.diagnostics.filter { $0.severity == .warning }.map(\.code) == Array(repeating: .ruleAmbiguous, count: 6))
        #expect(result.pageCount == 1109)
        #expect(result.resolvedRuleCount == 581)
        #expect(result.report.contains(
            "content/runbooks/proxmox-exporter/ProxmoxDiskTargetLost.md:20:1: error: alert \"ProxmoxDiskTargetLost\" is not defined in rules/proxmox/proxmox-exporter.yml (did you mean \"ProxmoxGuestTargetLost\"?) [rule-not-found]"))
    }

    @Test func everyURLTheHugoSitePublishesExists() throws {
        let result = Self.build { $0.severity = SeverityPolicy(overrides: ["rule-not-found": .warning]) }
        #expect(result.errorCount == 0)
        let produced = Set(result.outputs.map(\.path))
        let expected = try Self.hugoURLs()
        #expect(expected.count == 1110)
        let missing = expected.filter { !produced.contains(String($0.dropFirst()) + "index.html") }
        #expect(missing == [])
        #expect(produced.contains("runbooks/mysqld-exporter/mysqltoomanyconnections80/index.html"))
    }

    @Test func seedPageAndDefinitionLists() throws {
        let result = Self.build { $0.severity = SeverityPolicy(overrides: ["rule-not-found": .warning]) }
        let seed = try #require(result.content(ofPage: "/runbooks/haproxy-exporter-v1/haproxybackendmaxactivesession/"))
        #expect(seed.contains("<details>"))
        #expect(seed.contains("haproxy_backend_limit_sessions"))
        #expect(!seed.contains("&amp;gt;"))
        #expect(!seed.contains("{{%"))
        #expect(seed.contains("{{ $labels.fqdn }}"))
        let snmp = try #require(result.content(ofPage: "/runbooks/snmptrap/if-mib/linkdown/"))
        #expect(snmp.contains("<dl>\n<dt><strong>ifIndex</strong></dt>\n<dd>A unique value"))
    }

    @Test func buildsAreDeterministic() {
        let options: (inout BuildOptions) -> Void = { $0.severity = SeverityPolicy(overrides: ["rule-not-found": .warning]) }
        #expect(Self.build(options).outputs == Self.build(options).outputs)
    }

    /// Hugo's URLs, worked out here independently of our implementation: every content file,
    /// lower-cased, with characters Hugo drops removed, plus the `runbooks` section.
    static func hugoURLs() throws -> Set<String> {
        let content = Corpus.path + "/content"
        guard let enumerator = FileManager.default.enumerator(atPath: content) else { return [] }
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._-~+#@/")
        func clean(_ text: String) -> String { String(text.lowercased().filter { allowed.contains($0) }) }
        var urls: Set<String> = ["/runbooks/"]
        while let path = enumerator.nextObject() as? String {
            guard path.hasSuffix(".md") else { continue }
            let folder = (path as NSString).deletingLastPathComponent
            let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
            let folderURL = folder.isEmpty ? "/" : "/" + clean(folder) + "/"
            urls.insert(name == "_index" ? folderURL : folderURL + clean(name) + "/")
        }
        return urls
    }
}
