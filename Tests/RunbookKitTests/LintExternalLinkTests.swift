import Foundation
import Testing
@testable import RunbookKit
import RunbookLinkFetcher
import RunbookTestSupport

/// `lint --external`, against a server the test starts on 127.0.0.1: what counts as broken,
/// retries, timeouts, the HEAD→GET fallback and the cache file; bounded concurrency and the
/// per-host rate limit against a fetcher that counts.
@Suite(.serialized) struct LintExternalLinkTests {
    static func settings(_ change: (inout ExternalLinkSettings) -> Void = { _ in }) -> ExternalLinkSettings {
        var settings = ExternalLinkSettings()
        settings.concurrency = 4
        settings.timeoutSeconds = 2
        settings.retries = 2
        settings.perHostRate = 0
        change(&settings)
        return settings
    }

    static func checker(_ settings: ExternalLinkSettings) -> ExternalLinkChecker {
        var checker = ExternalLinkChecker(settings: settings, fetcher: HTTPClientLinkFetcher())
        checker.retryDelay = 0.02
        return checker
    }

    static let routes: LintTestServer.Route = { method, path, hit in
        switch path {
        case "/ok": return .init(status: 200)
        case "/gone": return .init(status: 404)
        case "/head-refused": return .init(status: method == "HEAD" ? 405 : 200)
        case "/flaky": return .init(status: hit <= 2 ? 500 : 200)
        case "/down": return .init(status: 500)
        // Far past the 0.5 s timeout even when a loaded machine runs the timeout late (4 s was
        // seen answered in time at load 8); its thread sleeps on after the test, costing nothing.
        case "/slow": return .init(status: 200, delay: 15)
        case "/busy": return .init(status: 429)
        default: return nil
        }
    }

    @Test func outcomes() async throws {
        let server = try LintTestServer(route: Self.routes)
        let urls = ["/ok", "/gone", "/head-refused", "/flaky", "/down", "/slow", "/busy"].map { server.url($0) }
        let results = await Self.checker(Self.settings { $0.timeoutSeconds = 0.5 }).check(urls)
        #expect(results[server.url("/ok")] == .reachable(status: 200))
        #expect(results[server.url("/gone")] == .broken(reason: "the server answered 404 Not Found"))
        #expect(results[server.url("/head-refused")] == .reachable(status: 200))
        #expect(server.requestMethods.contains("GET /head-refused"))
        #expect(results[server.url("/flaky")] == .reachable(status: 200))
        #expect(server.hitCount("/flaky") == 3)  // HEAD 500, GET 500 (first try), HEAD 200 (retry)
        #expect(results[server.url("/down")] == .broken(reason: "the server answered 500 Internal Server Error 3 times"))
        if case .broken(let reason)? = results[server.url("/slow")] {
            #expect(reason.contains("timed out"), "\(reason)")
            #expect(reason.contains("3 tries"))
        } else {
            Issue.record("a link slower than the timeout must be broken, got \(String(describing: results[server.url("/slow")]))")
        }
        #expect(results[server.url("/busy")] == .reachable(status: 429))
    }

    @Test func refusedConnectionIsBroken() async {
        // A port nobody listens on: bind a server, note its port, stop it.
        let port: Int
        do {
            let server = try LintTestServer(route: { _, _, _ in nil })
            port = server.port
            server.stop()
        } catch {
            Issue.record("could not start the test server: \(error)")
            return
        }
        let url = "http://127.0.0.1:\(port)/x"
        let results = await Self.checker(Self.settings { $0.retries = 0 }).check([url])
        guard case .broken? = results[url] else {
            Issue.record("expected broken, got \(String(describing: results[url]))")
            return
        }
    }

    // Bounded concurrency and the per-host rate are the checker's, so they are checked with a
    // fetcher that counts instead of a server: over real connections, on a host loaded by the
    // rest of the suite, a request that failed or timed out freed its slot while the server
    // still counted it (4 in flight of 3 once in about thirty runs), and arrivals jittered.
    @Test func concurrencyIsBounded() async {
        let fetcher = CountingFetcher(delay: 0.2)
        let urls = (0..<12).map { "https://links.example/wait/\($0)" }
        let start = Date()
        let results = await ExternalLinkChecker(settings: Self.settings { $0.concurrency = 3 }, fetcher: fetcher).check(urls)
        #expect(results.count == 12)
        #expect(results.values.allSatisfy { $0 == .reachable(status: 200) })
        #expect(fetcher.peakInFlight == 3)
        // 12 requests of 0.2 s, 3 at a time: at least 4 rounds.
        #expect(Date().timeIntervalSince(start) >= 0.75)
    }

    @Test func perHostRateLimit() async {
        let fetcher = CountingFetcher(delay: 0)
        let urls = (0..<5).map { "https://paced.example/\($0)" } + ["https://other.example/a", "https://other.example/b"]
        _ = await ExternalLinkChecker(settings: Self.settings { $0.perHostRate = 10; $0.concurrency = 7 }, fetcher: fetcher).check(urls)
        // 5 starts at 10 per second: the last starts 0.4 s after the first. Unpaced, all five
        // start within milliseconds. Another host has its own pace.
        let paced = fetcher.starts(host: "paced.example")
        #expect(paced.count == 5)
        if let first = paced.first, let last = paced.last {
            #expect(last - first >= 0.35, "requests started within \(last - first) s")
        }
        let other = fetcher.starts(host: "other.example")
        #expect(other.count == 2)
        if let first = paced.first, let last = other.last {
            #expect(last - first < 0.35, "the other host waited for the paced one")
        }
    }

    static func site(server: LintTestServer) -> TestSite {
        LintFixture.site([
            "config.yaml": LintFixture.base["config.yaml"]! + """
                runbook:
                  placeholderHosts: []
                  externalLinks:
                    exclude: ["\(server.url("/skipped"))"]
                    cacheFile: .links.json
                    cacheMaxAge: 3600
                    perHostRate: 0

                """,
            LintChecksTests.db: LintFixture.edited(LintChecksTests.db, "Look at [the logs](https://logs.acme.test/db).",
                "Look at [the logs](\(server.url("/ok"))), [old](\(server.url("/gone"))) and \(server.url("/skipped/x")).\n\n![chart](\(server.url("/gone")))"),
        ])
    }

    static func context(_ site: TestSite) -> BuildResult {
        LintFixture.lint(site)
    }

    @Test func brokenLinksReportedAtEachLink() async throws {
        let server = try LintTestServer(route: Self.routes)
        let site = Self.site(server: server)
        let config = ConfigLoader.load(sourceDirectory: site.root).0
        var check = ExternalLinkCheck(settings: config.lint.externalLinks, sourceDirectory: site.root, fetcher: HTTPClientLinkFetcher())
        check.retryDelay = 0.01
        let report = await check.run(result: Self.context(site))
        let column = "Look at [the logs](\(server.url("/ok"))), [old](".count + 1
        #expect(report.diagnostics.places(.externalLinkBroken) == ["\(LintChecksTests.db):19:\(column)", "\(LintChecksTests.db):21:10"],
                "\(report.diagnostics.listing)")
        #expect(report.diagnostics.messages(.externalLinkBroken)[0].contains("404 Not Found"))
        #expect(report.diagnostics.messages(.externalLinkBroken)[1].hasPrefix("image "))
        // /ok and /gone, once each; the excluded address is never asked for.
        #expect(report.addresses == 2)
        #expect(server.hitCount("/skipped/x") == 0)
        #expect(server.hitCount("/ok") == 1)
    }

    @Test func cacheFileSkipsRecentGoodAnswers() async throws {
        let server = try LintTestServer(route: Self.routes)
        let site = Self.site(server: server)
        let config = ConfigLoader.load(sourceDirectory: site.root).0
        var check = ExternalLinkCheck(settings: config.lint.externalLinks, sourceDirectory: site.root, fetcher: HTTPClientLinkFetcher())
        check.retryDelay = 0.01
        let context = Self.context(site)
        let now = Date().timeIntervalSince1970

        let first = await check.run(result: context, now: now)
        #expect(first.fetched == 2 && first.fromCache == 0)
        let cache = try #require(site.read(".links.json"))
        #expect(cache.contains(server.url("/ok")))
        #expect(!cache.contains(server.url("/gone")))  // broken links are asked again every time

        let second = await check.run(result: context, now: now + 60)
        #expect(second.fromCache == 1 && second.fetched == 1)
        #expect(server.hitCount("/ok") == 1)
        #expect(second.diagnostics.places(.externalLinkBroken) == first.diagnostics.places(.externalLinkBroken))

        let expired = await check.run(result: context, now: now + 3_601)
        #expect(expired.fromCache == 0 && expired.fetched == 2)
        #expect(server.hitCount("/ok") == 2)
    }
}

/// A fetcher that answers 200 after `delay` seconds and counts: requests in flight at once,
/// and when each started, per host.
private final class CountingFetcher: LinkFetcher, @unchecked Sendable {
    private let delay: Double
    private let lock = NSLock()
    private var inFlight = 0
    private var peak = 0
    private var started: [(host: String, time: Double)] = []

    init(delay: Double) { self.delay = delay }

    var peakInFlight: Int { lock.withLock { peak } }

    /// Seconds since 1970 at which requests to `host` started, in order.
    func starts(host: String) -> [Double] {
        lock.withLock { started.filter { $0.host == host }.map(\.time) }
    }

    func fetch(_ url: String, method: String, timeout: Double) async -> FetchResult {
        let host = URL(string: url)?.host ?? url
        lock.withLock {
            inFlight += 1
            peak = max(peak, inFlight)
            started.append((host, Date().timeIntervalSince1970))
        }
        if delay > 0 { try? await Task.sleep(for: .milliseconds(Int(delay * 1000))) }
        lock.withLock { inFlight -= 1 }
        return FetchResult(status: 200)
    }
}
