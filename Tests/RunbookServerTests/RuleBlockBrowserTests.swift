import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// The rule block in a real browser: at 1280 px nothing in it scrolls sideways and the Copy
/// button covers no text; at 390 px the expression wraps; highlighting spans are there.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable, "chromium or chromedriver is not installed"), .timeLimit(.minutes(3)))
struct RuleBlockBrowserTests {
    static let site = """
        -- config.yaml --
        title: Layout
        -- rules/node.yml --
        groups:
          - name: Node
            rules:
              - alert: HostOutOfInodes
                expr: (node_filesystem_files_free{fstype!="msdosfs",mountpoint!~"/(run|var/lib/docker|snap)/.+"} / node_filesystem_files{fstype!="msdosfs"} * 100 < 10 and predict_linear(node_filesystem_files_free{fstype!="msdosfs"}[1h], 24 * 3600) < 0 and ON (instance, device, mountpoint) node_filesystem_readonly{fstype!="msdosfs"} == 0) * on(instance) group_left (nodename) node_uname_info{nodename=~".+"}
                for: 2m
                labels:
                  severity: warning
                annotations:
                  summary: Host out of inodes (instance {{ $labels.instance }}) on a device with a very long name that goes on and on
                  description: "Disk is almost running out of available inodes (< 10% left)\\n  VALUE = {{ $value }}\\n  LABELS = {{ $labels }}"
        -- content/HostOutOfInodes.md --
        # HostOutOfInodes

        <details>
          <summary>Alert rule</summary>

        {{% rule "node.yml" "HostOutOfInodes" %}}

        </details>
        """

    static let overflowing = """
        document.querySelectorAll('details').forEach(d => d.open = true);
        const block = document.querySelector('.rule');
        if (!block) return ['no rule block'];
        return [block, ...block.querySelectorAll('*')]
          .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).display !== 'inline')
          .map(e => e.tagName + '.' + e.className + ' ' + e.scrollWidth + '>' + e.clientWidth);
        """

    static let copyCoversText = """
        const pre = document.querySelector('.rule pre.rule-expr');
        const button = pre.parentElement.querySelector('.copy');
        if (!button) return 'no copy button';
        const b = button.getBoundingClientRect();
        const range = document.createRange();
        range.selectNodeContents(pre.querySelector('code'));
        return [...range.getClientRects()].some(t => t.left < b.right && t.right > b.left && t.top < b.bottom && t.bottom > b.top) ? 'covers' : 'clear';
        """

    @Test func ruleBlockFitsAndIsHighlighted() async throws {
        let site = TestSite(Self.site)
        defer { site.remove() }
        let server = site.server()
        let port = try await server.start()
        let browser = try await WebDriver.start()
        do {
            try await browser.resize(width: 1280, height: 1000)
            try await browser.open("http://127.0.0.1:\(port)/hostoutofinodes/")
            #expect(await eventually { (try? await browser.run("return document.readyState")) as? String == "complete" })
            #expect(try await browser.run("return window.innerWidth") as? Int ?? 0 >= 1200)
            let wide = try await browser.run(Self.overflowing) as? [String]
            #expect(wide == [], "at 1280 px: \(wide ?? [])")
            #expect(try await browser.run(Self.copyCoversText) as? String == "clear")
            let spans = try await browser.run("return ['metric','label','matcher','string','function','keyword','number','operator','duration'].map(c => document.querySelectorAll('.rule .hl-' + c).length)") as? [Int] ?? []
            #expect(spans.count == 9 && !spans.contains(0), "\(spans)")
            #expect(try await browser.run("return document.querySelector('.rule pre.rule-expr').innerText.split('\\n').length") as? Int ?? 0 > 3)

            try await browser.resize(width: 390, height: 844)
            #expect(await eventually { (try? await browser.run("return window.innerWidth")) as? Int ?? 0 <= 400 })
            let narrow = try await browser.run(Self.overflowing) as? [String]
            #expect(narrow == [], "at 390 px: \(narrow ?? [])")
            #expect(try await browser.run("return document.documentElement.scrollWidth <= window.innerWidth") as? Bool == true)
        } catch {
            Issue.record(error)
        }
        await browser.quit()
        await server.stop()
    }
}
