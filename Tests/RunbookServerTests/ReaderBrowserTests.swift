import Foundation
import Testing
import RunbookKit
import RunbookTestSupport
@testable import RunbookServer

/// Issue 11's reader features in a real browser: on the served corpus, the menu links every
/// section, keeps the current page in view and loads a closed section's pages when opened; an
/// alert's permalink redirects to its page; the catalogue sorts and filters by metric. A site
/// built with relativeURLs works opened from disk, search included.
@Suite(.serialized, .enabled(if: WebDriver.isAvailable && Corpus.isAvailable, "chromium, chromedriver or the corpus is missing"),
       .timeLimit(.minutes(5)))
struct ReaderBrowserTests {
    static let ready = "return document.readyState"

    @Test func corpusMenuPermalinksAndCatalogue() async throws {
        let site = TestSite(copyOf: Corpus.path)
        defer { site.remove() }
        let log = ServerLog()
        let server = site.server(severity: ["rule-not-found": .warning]) { log.record($0) }
        let port = try await server.start()
        let browser = try await WebDriver.start()
        do {
            let built = try #require(log.initial?.update.result.site)
            let sections = built.pages.filter { $0.kind == .section }.map { built.publicURL($0.url) }.sorted()
            #expect(sections.count > 100)
            try await browser.resize(width: 1280, height: 900)

            // The menu: every section, the current page's branch open and in view.
            let page = "/runbooks/snmptrap/spagent-mib/"
            try await browser.open("http://127.0.0.1:\(port)/runbooks/node-exporter/hostoutofmemory/")
            #expect(await eventually { (try? await browser.run(Self.ready)) as? String == "complete" })
            let linked = try await browser.run("return [...document.querySelectorAll('.menu-tree a')].map(a => new URL(a.href).pathname)") as? [String] ?? []
            let missing = sections.filter { !linked.contains($0) && $0 != "/" }
            #expect(missing == [], "sections the menu does not link: \(missing)")
            #expect(try await browser.run("""
                const a = document.querySelector('.sidebar [aria-current=page]'), side = document.querySelector('.sidebar');
                if (!a) return 'no current link';
                const r = a.getBoundingClientRect(), s = side.getBoundingClientRect();
                const closed = [...document.querySelectorAll('.sidebar details')].filter(d => d.contains(a) && !d.open).length;
                return r.top >= s.top && r.bottom <= s.bottom && closed === 0 ? 'visible' : 'hidden';
                """) as? String == "visible")
            // A closed section that lists nothing comes as <li data-more> and gets its toggle,
            // labelled with its title, from the script.
            #expect(try await browser.run("""
                const toggle = document.querySelector('.sidebar a[href="\(page)"]').nextElementSibling;
                return [document.querySelectorAll('.sidebar li[data-more]').length, toggle.hasAttribute('data-more'),
                        toggle.querySelector('summary').getAttribute('aria-label')].join(' ');
                """) as? String == "0 true SPAGENT-MIB")
            // A closed section fills in its pages from its menu.json when opened.
            _ = try await browser.run("document.querySelector('.sidebar a[href=\"\(page)\"]').nextElementSibling.open = true")
            #expect(await eventually(timeout: 10) {
                ((try? await browser.run("return document.querySelector('.sidebar a[href=\"\(page)\"]').nextElementSibling.querySelectorAll('ul a').length")) as? Int ?? 0) > 100
            })

            // A permalink redirects to the page that shows the alert.
            try await browser.open("http://127.0.0.1:\(port)/alerts/HostOutOfMemory/")
            #expect(await eventually(timeout: 10) {
                (try? await browser.run("return location.pathname")) as? String == "/runbooks/node-exporter/hostoutofmemory/"
            })

            // The catalogue: filter by a metric of the expression, sort by severity and file.
            try await browser.open("http://127.0.0.1:\(port)/alerts/")
            #expect(await eventually { (try? await browser.run(Self.ready)) as? String == "complete" })
            let visible = "return [...document.querySelectorAll('.alerts tbody tr:not([hidden]):not(.group-head)')]"
            let total = try await browser.run(visible + ".length") as? Int ?? 0
            #expect(total > 500)
            _ = try await browser.run("""
                const f = document.querySelector('#alert-filter'); f.value = 'node_filesystem_avail_bytes'; f.dispatchEvent(new Event('input'));
                """)
            let names = try await browser.run(visible + ".map(tr => tr.querySelector('code').textContent)") as? [String] ?? []
            #expect(names.contains("HostOutOfDiskSpace") && names.count < 20, "\(names)")
            let exprs = try await browser.run(visible + ".map(tr => tr.dataset.expr)") as? [String] ?? []
            #expect(!exprs.isEmpty && exprs.allSatisfy { $0.contains("node_filesystem_avail_bytes") })
            #expect(try await browser.run("return location.search") as? String == "?q=node_filesystem_avail_bytes")
            _ = try await browser.run("""
                const f = document.querySelector('#alert-filter'); f.value = ''; f.dispatchEvent(new Event('input'));
                document.querySelector('.chip[data-sort=severity]').click();
                """)
            let severities = try await browser.run(visible + ".map(tr => tr.dataset.sev)") as? [String] ?? []
            #expect(severities.count == total && severities.first == "critical" && severities.last != "critical")
            _ = try await browser.run("document.querySelector('.chip[data-sort=file]').click()")
            let files = try await browser.run(visible + ".map(tr => tr.dataset.file)") as? [String] ?? []
            #expect(files.count == total && files == files.sorted())
            // Grouped by rule file: one heading row per file.
            _ = try await browser.run("document.querySelector('.chip[data-group=file]').click()")
            let heads = try await browser.run("return [...document.querySelectorAll('.alerts tr.group-head')].map(tr => tr.textContent)") as? [String] ?? []
            #expect(heads.count == Set(files).count && heads == heads.sorted())
        } catch {
            Issue.record(error)
        }
        await browser.quit()
        await server.stop()
    }

    /// relativeURLs: the site opened from disk links page to page and searches (its index
    /// loads through script twins, as browsers refuse fetch on file://).
    @Test func relativeSiteWorksFromDisk() async throws {
        let site = TestSite("""
            -- config.yaml --
            baseURL: https://runbooks.example.org/
            title: Offline
            relativeURLs: true
            -- rules/node.yml --
            groups:
              - name: Node
                rules:
                  - alert: NodeFilesystemAlmostFull
                    expr: node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 < 5
            -- content/_index.md --
            ---
            title: Home
            ---
            Welcome.
            -- content/node/_index.md --
            ---
            title: Node
            ---
            -- content/node/disk.md --
            ---
            title: Disk full
            ---
            Rotate the journald archives first.

            {{% rule "node.yml" "NodeFilesystemAlmostFull" %}}
            """)
        defer { site.remove() }
        let result = site.build()
        #expect(result.report == [])
        let out = site.path("public")
        for file in result.outputs {
            let path = out + "/" + file.path
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            #expect(FileManager.default.createFile(atPath: path, contents: Data(file.bytes)))
        }
        let browser = try await WebDriver.start()
        do {
            try await browser.open("file://\(out)/node/index.html")
            #expect(await eventually { (try? await browser.run(Self.ready)) as? String == "complete" })
            // The stylesheet loaded (a relative link), and links name real files.
            #expect(try await browser.run("return getComputedStyle(document.querySelector('.sidebar')).position") as? String == "sticky")
            let href = try await browser.run("return document.querySelector('.menu-tree a[href$=\"disk/index.html\"]').href") as? String
            #expect(href == "file://\(out)/node/disk/index.html")
            _ = try await browser.run("""
                const input = document.querySelector('#search'); input.focus(); input.value = 'journald'; input.dispatchEvent(new Event('input'));
                """)
            let shown = "return [...document.querySelectorAll('#search-results a[role=option]:not(.search-all)')].map(a => a.href)"
            #expect(await eventually(timeout: 10) { ((try? await browser.run(shown)) as? [String] ?? []) == ["file://\(out)/node/disk/index.html"] })
            try await browser.open("file://\(out)/node/disk/index.html")
            #expect(try await browser.run("return document.querySelector('h1').textContent") as? String == "Disk full")
        } catch {
            Issue.record(error)
        }
        await browser.quit()
    }

    /// The Copy button and search marks keep 4.5:1 contrast in the light and the dark theme
    /// (the button was 4.28:1: 85% opaque on touch screens, which headless Chromium is).
    /// Colours are blended with the element's opacity over what is behind it.
    @Test func copyButtonAndMarksHaveAAContrast() async throws {
        let site = TestSite("""
            -- config.yaml --
            title: Contrast
            -- content/_index.md --
            ---
            title: Home
            ---
            Free the disk.

            ```shell
            df -h /var
            ```
            """)
        defer { site.remove() }
        let server = site.server()
        let port = try await server.start()
        let browser = try await WebDriver.start()
        let contrast = """
            const rgb = c => { const m = c.match(/[\\d.]+/g).map(Number); return { v: m.slice(0, 3), a: m.length > 3 ? m[3] : 1 }; };
            const behind = e => { for (let n = e.parentElement; n; n = n.parentElement) { const c = rgb(getComputedStyle(n).backgroundColor); if (c.a > 0) return c.v; } return [255, 255, 255]; };
            const mix = (p, q, a) => p.map((x, i) => a * x + (1 - a) * q[i]);
            const lum = v => { const [r, g, b] = v.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); }); return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
            const ratio = e => {
              const s = getComputedStyle(e), under = behind(e), o = Number(s.opacity), bg = rgb(s.backgroundColor);
              const back = mix(bg.a > 0 ? bg.v : under, under, o), fore = mix(rgb(s.color).v, under, o);
              const [l1, l2] = [lum(fore), lum(back)].sort((p, q) => q - p);
              return Math.round((l1 + 0.05) / (l2 + 0.05) * 100) / 100;
            };
            """
        do {
            for theme in ["light", "dark"] {
                try await browser.open("http://127.0.0.1:\(port)/")
                _ = try await browser.run("localStorage.setItem('runbook-theme', '\(theme)')")
                try await browser.open("http://127.0.0.1:\(port)/")
                #expect(await eventually { (try? await browser.run("return document.querySelector('.copy') !== null")) as? Bool == true })
                let copy = try await browser.run(contrast + "return ratio(document.querySelector('.copy'))") as? Double ?? 0
                #expect(copy >= 4.5, "Copy button, \(theme): \(copy):1")
                _ = try await browser.run("""
                    const input = document.querySelector('#search'); input.focus(); input.value = 'disk'; input.dispatchEvent(new Event('input'));
                    """)
                #expect(await eventually(timeout: 10) { (try? await browser.run("return document.querySelector('#search-results mark') !== null")) as? Bool == true })
                let marks = try await browser.run(contrast + "return [...document.querySelectorAll('#search-results mark')].map(ratio)") as? [Double] ?? []
                #expect(!marks.isEmpty && marks.allSatisfy { $0 >= 4.5 }, "search marks, \(theme): \(marks)")
            }
        } catch {
            Issue.record(error)
        }
        await browser.quit()
        await server.stop()
    }
}
