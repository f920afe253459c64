import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Search in a real browser, against a served site: the box finds a page by a metric in its
/// rule, a phrase from the rule's summary, a phrase from its text and its alert's name with
/// one letter wrong; the results page lists every match.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "chromium or chromedriver is not installed"), .timeLimit(.minutes(3)))
struct SearchBrowserTests {
    static let site = SearchFixture.site(title: "Search", rules: """
              - alert: KubePodCrashLooping
                expr: increase(kube_pod_container_status_restarts_total[10m]) > 3
                labels:
                  severity: warning
                annotations:
                  summary: Pod is restarting again and again

        """) + """
        -- content/_index.md --
        ---
        title: Home
        ---
        Welcome.
        -- content/NodeFilesystemAlmostFull.md --
        ---
        title: NodeFilesystemAlmostFull
        ---
        Rotate the journald archives first.

        {{% rule "node.yml" "NodeFilesystemAlmostFull" %}}
        -- content/KubePodCrashLooping.md --
        ---
        title: KubePodCrashLooping
        ---
        Look at the previous container's logs.

        {{% rule "node.yml" "KubePodCrashLooping" %}}
        -- content/tools.md --
        ---
        title: Disk tools
        ---
        Read node_filesystem_avail_bytes and kube_pod_container_status_restarts_total by hand.
        """

    /// Types (letters, digits, `_` and spaces only) into the search box (sets its value and fires `input`, as typing does) and returns
    /// the result links' paths once the box shows them.
    static func typed(_ text: String) -> String {
        """
        const input = document.querySelector('#search');
        input.focus();
        input.value = "\(text)";
        input.dispatchEvent(new Event('input'));
        """
    }
    static let shown = """
        const box = document.querySelector('#search-results');
        if (!box || box.hidden) return null;
        return [...box.querySelectorAll('a[role=option]:not(.search-all)')].map(a => new URL(a.href).pathname);
        """

    @Test func findsByMetricSummaryBodyAndTypo() async throws {
        let site = TestSite(Self.site)
        defer { site.remove() }
        let server = site.server()
        let port = try await server.start()
        let browser = try await WebDriver.start()
        do {
            try await browser.open("http://127.0.0.1:\(port)/")
            #expect(await eventually { (try? await browser.run("return document.readyState")) as? String == "complete" })
            for (query, first) in [("node_filesystem_avail_bytes", "/nodefilesystemalmostfull/"),
                                   ("kube_pod_container", "/kubepodcrashlooping/"),
                                   ("almost out of space", "/nodefilesystemalmostfull/"),
                                   ("restarting again", "/kubepodcrashlooping/"),
                                   ("journald archives", "/nodefilesystemalmostfull/"),
                                   ("previous container", "/kubepodcrashlooping/"),
                                   ("KubePodCrashLoopimg", "/kubepodcrashlooping/"),
                                   ("NodeFilesystmAlmostFull", "/nodefilesystemalmostfull/")] {
                _ = try await browser.run(Self.typed(query))
                let found = await eventually(timeout: 10) { ((try? await browser.run(Self.shown)) as? [String] ?? []).contains(first) }
                let paths = (try? await browser.run(Self.shown)) as? [String] ?? []
                #expect(found, "\(query): \(paths)")
                // The alert's own page first, even when another page names its metric.
                #expect(paths.first == first, "\(query): \(paths)")
            }
            // The snippet shows the matched text, marked.
            _ = try await browser.run(Self.typed("journald"))
            #expect(await eventually(timeout: 10) {
                (try? await browser.run("return [...document.querySelectorAll('#search-results .r-desc mark')].map(m => m.textContent)")) as? [String] == ["journald"]
            })
            // The results page lists every match.
            try await browser.open("http://127.0.0.1:\(port)/search/?q=node_filesystem_avail_bytes")
            let listing = "return [...document.querySelectorAll('#search-page-results a')].map(a => new URL(a.href).pathname)"
            #expect(await eventually(timeout: 10) { ((try? await browser.run(listing)) as? [String] ?? []).count == 2 })
            let listed = (try? await browser.run(listing)) as? [String] ?? []
            #expect(listed == ["/nodefilesystemalmostfull/", "/tools/"])
        } catch {
            Issue.record(error)
        }
        await browser.quit()
        await server.stop()
    }
}
