import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Edit-to-reload-event latency on a copy of the corpus: the time from a one-page edit (the
/// write returns) to the `reload` event arriving on an event stream, over 20 edits, with the
/// server's default quiet window. A measurement, not a test: it runs only when asked, and
/// prints instead of asserting.
///
///     RUNBOOK_SERVE_LATENCY=1 swift test -c release --scratch-path .build-serve \
///         --filter LatencyMeasurement
@Suite(.enabled(if: ProcessInfo.processInfo.environment["RUNBOOK_SERVE_LATENCY"] != nil && Corpus.isAvailable))
struct LatencyMeasurement {
    @Test func editToReloadEvent() async throws {
        let edits = Int(ProcessInfo.processInfo.environment["RUNBOOK_SERVE_LATENCY_EDITS"] ?? "") ?? 20
        let site = TestSite(copyOf: Corpus.path)
        defer { site.remove() }
        let log = ServerLog()
        let defaults = ServerOptions()
        let server = site.server(severity: ["rule-not-found": .warning], quiet: defaults.quietWindow, settle: defaults.settleWindow,
                                 maxDelay: defaults.maxDelay) { log.record($0) }
        let port = try await server.start()
        let events = try await EventStreamClient.connect(port: port)
        defer { events.close() }
        _ = try await events.next(after: 0) { $0.event == "hello" }

        let pages = try FileManager.default.subpathsOfDirectory(atPath: site.path("content/runbooks"))
            .filter { $0.hasSuffix(".md") && !$0.hasSuffix("_index.md") }.sorted()
        var latencies: [Double] = []
        var rebuildTimes: [Int] = []
        let clock = ContinuousClock()
        for index in 0..<edits {
            let page = "content/runbooks/" + pages[(index * 37) % pages.count]
            let seen = events.count
            let start = clock.now
            site.append(page, "\nEdit \(index).\n")
            guard let event = try await events.next(after: seen, where: { $0.event == "reload" || $0.event == "error" }) else {
                Issue.record("no event for edit \(index)")
                continue
            }
            let elapsed = clock.now - start
            latencies.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            if event.event != "reload" { Issue.record("edit \(index) gave \(event)") }
            rebuildTimes.append(log.rebuilds.last?.milliseconds ?? -1)
            try await Task.sleep(for: .milliseconds(200))  // one edit at a time
        }
        let sorted = latencies.sorted()
        let median = sorted.isEmpty ? 0 : (sorted[(sorted.count - 1) / 2] + sorted[sorted.count / 2]) / 2
        print(String(format: "edit-to-reload-event over %d one-page edits: median %.1f ms, min %.1f ms, max %.1f ms (quiet %@, settle %@)",
                     sorted.count, median, sorted.first ?? 0, sorted.last ?? 0, "\(defaults.quietWindow)", "\(defaults.settleWindow)"))
        print("rebuild times (ms): \(rebuildTimes.map(String.init).joined(separator: " "))")
        print("rebuilds: \(log.rebuilds.count) for \(edits) edits")
        await server.stop()
    }
}
