import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// A real browser: the open page reloads by itself after an edit, at the same scroll
/// position; a broken edit shows the overlay naming the file, and fixing it clears it.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "chromium or chromedriver is not installed"), .timeLimit(.minutes(3)))
struct BrowserTests {
    static let page = "content/runbooks/app/LongPage.md"

    static func longPage(version: String) -> String {
        var text = "---\ntitle: LongPage\n---\n\n# LongPage\n\n\(version)\n\n"
        for index in 1...150 { text += "Paragraph \(index) of a long runbook, long enough to scroll through.\n\n" }
        return text
    }

    @Test func pageReloadsByItselfAndKeepsItsScroll() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        site.write(Self.page, Self.longPage(version: "Version one."))
        let server = site.server()
        let port = try await server.start()
        let browser = try await WebDriver.start()

        do {
            try await browser.open("http://127.0.0.1:\(port)/runbooks/app/longpage/")
            #expect(await eventually { (try? await browser.run("return document.readyState")) as? String == "complete" })
            #expect(try await browser.run("return document.body.innerText.includes('Version one.')") as? Bool == true)
            // Wait until the page listens for events, then scroll and mark this document.
            #expect(await eventually { server.subscriberCount > 0 })
            let scrolled = try await browser.run("window.scrollTo(0, 2400); window.__notReloaded = true; return window.scrollY") as? Double
            #expect((scrolled ?? 0) > 2000)

            site.write(Self.page, Self.longPage(version: "Version two."))
            #expect(await eventually {
                (try? await browser.run("return !window.__notReloaded && document.readyState === 'complete' && document.body.innerText.includes('Version two.')")) as? Bool == true
            })
            let restored = await eventually {
                let y = (try? await browser.run("return window.scrollY")) as? Double ?? 0
                return abs(y - (scrolled ?? 0)) < 40
            }
            #expect(restored, "scroll position restored after the reload")

            // A broken edit shows the overlay; fixing it removes it.
            #expect(await eventually { server.subscriberCount > 0 })
            site.append(Self.page, "\n{{< nosuch-shortcode >}}\n")
            let overlayScript = """
                var host = document.querySelector('runbook-build-errors');
                return host && host.shadowRoot ? host.shadowRoot.textContent : '';
                """
            #expect(await eventually {
                ((try? await browser.run(overlayScript)) as? String ?? "").contains(Self.page)
            })
            site.write(Self.page, Self.longPage(version: "Version three."))
            #expect(await eventually {
                (try? await browser.run("return !document.querySelector('runbook-build-errors') && document.body.innerText.includes('Version three.')")) as? Bool == true
            })
        } catch {
            Issue.record(error)
        }
        await browser.quit()
        await server.stop()
    }
}
