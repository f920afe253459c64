import Foundation
import RunbookKit
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Counts what the server reports.
final class ServerLog: @unchecked Sendable {
    private let lock = NSLock()
    private var reports: [RebuildReport] = []
    private var first: RebuildReport?
    func record(_ event: ServerEvent) {
        lock.withLock {
            switch event {
            case .built(let report): first = report
            case .rebuilt(let report): reports.append(report)
            case .warning: break
            }
        }
    }
    var rebuilds: [RebuildReport] { lock.withLock { reports } }
    var initial: RebuildReport? { lock.withLock { first } }
}

/// The whole loop on a copy of the real corpus: edit a file, get the reload event, fetch the
/// new page; a rule edit; a broken edit and its fix.
@Suite(.serialized, .enabled(if: Corpus.isAvailable, "the corpus (../shared/corpus/srerun) is missing"), .timeLimit(.minutes(5)))
struct LiveReloadIntegrationTests {
    static let page = "content/runbooks/apcupsd_exporter/ApcUpsHighLoad.md"
    static let ruleFile = "rules/apc-ups/apcupsd_exporter.yml"

    @Test func editRuleEditBrokenEditAndFix() async throws {
        let site = TestSite(copyOf: Corpus.path)
        defer { site.remove() }
        let log = ServerLog()
        let server = site.server(severity: ["rule-not-found": .warning]) { log.record($0) }
        let port = try await server.start()
        let client = RawHTTPClient(port: port)
        let events = try await EventStreamClient.connect(port: port)
        defer { events.close() }
        #expect(try await events.next(after: 0) { $0.event == "hello" } != nil)
        #expect(!events.received.contains { $0.event == "error" }, "the corpus builds (rule-not-found as a warning)")

        let built = try #require(log.initial?.update.result.site)
        let pageIndex = try #require(built.pages.firstIndex { $0.sourcePath == Self.page })
        let url = built.publicURL(built.pages[pageIndex].url)
        #expect(url == "/runbooks/apcupsd_exporter/apcupshighload/")
        let original = (site.read(Self.page) ?? "")

        // 1. Append a line: the event names the page, and the page has the line at once.
        let marker = "Live reload marker \(UUID().uuidString)"
        var seen = events.count
        site.append(Self.page, "\n\(marker)\n")
        let reload = try #require(try await events.next(after: seen) { $0.event == "reload" })
        #expect(reload.urls.contains(url))
        let edited = try await client.get(url)
        #expect(edited.status == 200)
        #expect(edited.text.contains(marker), "the reload event came before the new page was served")

        // 2. A rule edit changes the page that shows the alert.
        seen = events.count
        let rules = (site.read(Self.ruleFile) ?? "")
        #expect(rules.contains("apcupsd_ups_load_percent > 80"))
        site.write(Self.ruleFile, rules.replacingOccurrences(of: "apcupsd_ups_load_percent > 80", with: "apcupsd_ups_load_percent > 87"))
        let ruleReload = try #require(try await events.next(after: seen) { $0.event == "reload" })
        #expect(ruleReload.urls.contains(url))
        let withRule = try await client.get(url).text
        #expect(withRule.contains("apcupsd_ups_load_percent &gt; 87") || withRule.contains("apcupsd_ups_load_percent > 87"))

        // 3. A broken edit: an error event naming the file and line; the last good page stays.
        seen = events.count
        let brokenLine = original.split(separator: "\n", omittingEmptySubsequences: false).count + 3
        site.append(Self.page, "\n{{< nosuch-shortcode >}}\n")
        let error = try #require(try await events.next(after: seen) { $0.event == "error" })
        let problem = try #require(error.diagnostics.first { $0["file"]?.string == Self.page })
        #expect(problem["code"]?.string == "shortcode-unknown")
        #expect(problem["line"]?.int == brokenLine)
        #expect(problem["message"]?.string?.contains("nosuch-shortcode") == true)
        let stillGood = try await client.get(url)
        #expect(stillGood.status == 200)
        #expect(stillGood.text.contains(marker))
        #expect(!stillGood.text.contains("nosuch-shortcode"))
        #expect(try await client.get("/").status == 200, "the server lives on")
        // A page opened now gets the error as soon as it connects.
        let late = try await EventStreamClient.connect(port: port)
        #expect(try await late.next(after: 0) { $0.event == "error" }?.diagnostics.contains { $0["file"]?.string == Self.page } == true)
        late.close()

        // 4. Fixing it reloads and clears the error.
        seen = events.count
        site.write(Self.page, original)
        let fixed = try #require(try await events.next(after: seen) { $0.event == "reload" || $0.event == "error" })
        #expect(fixed.event == "reload")
        #expect(fixed.urls.contains(url))
        #expect(!(try await client.get(url).text.contains(marker)))
        let afterFix = try await EventStreamClient.connect(port: port)
        #expect(try await afterFix.next(after: 0) { $0.event == "hello" } != nil)
        afterFix.close()
        #expect(!afterFix.received.contains { $0.event == "error" })

        let summaries = log.rebuilds.map(\.summary)
        #expect(summaries.contains { $0.hasPrefix("rebuild failed in ") })
        // The page's search entry and shards change with it: "1 page and N other files changed".
        #expect(summaries.contains { $0.contains("1 page changed") || $0.contains("1 page and ") })
        await server.stop()
    }

    @Test func aBurstOf500FilesGivesOneRebuild() async throws {
        let site = TestSite(copyOf: Corpus.path)
        defer { site.remove() }
        let log = ServerLog()
        // A wider quiet window than the default keeps the test steady on a loaded machine;
        // the latency measurement (LatencyMeasurement.swift) uses the defaults.
        let server = site.server(severity: ["rule-not-found": .warning], quiet: .milliseconds(300), maxDelay: .seconds(30)) { log.record($0) }
        let port = try await server.start()
        let events = try await EventStreamClient.connect(port: port)
        defer { events.close() }
        #expect(try await events.next(after: 0) { $0.event == "hello" } != nil)

        // Like a `git checkout`: 500 files appear in a new folder at once.
        let seen = events.count
        for index in 0..<500 {
            site.write("content/runbooks/burst/BurstAlert\(index).md", "---\ntitle: BurstAlert\(index)\n---\n\n# BurstAlert\(index)\n\nPage \(index).\n")
        }
        let reload = try #require(try await events.next(after: seen) { $0.event == "reload" })
        #expect(reload.urls.filter { $0.hasPrefix("/runbooks/burst/burstalert") }.count == 500)
        // Let any straggling rebuild show itself before counting.
        try await Task.sleep(for: .seconds(1))
        #expect(log.rebuilds.count == 1)
        #expect(events.received.filter { $0.event == "reload" }.count == 1)
        await server.stop()
    }
}
