import Foundation
import Testing
import PropertyBased
@testable import RunbookKit
import RunbookTestSupport

/// The rule block end to end: laid-out highlighted expression, metric links, tool links, the
/// box that says a rule is missing, highlighted code blocks, and `rule-expr-invalid`.
@Suite struct RuleBlockTests {
    static let site = """
        -- config.yaml --
        title: Ops
        baseURL: https://runbooks.example.test/docs/
        params:
          BookRepo: https://github.com/example/runbooks
          BookEditPath: edit/main
        runbook:
          prometheusURL: https://prometheus.example.test/
          grafanaURL: https://grafana.example.test
          grafanaDatasource: prom-main
          alertmanagerURL: https://alertmanager.example.test
        -- rules/host.yml --
        groups:
          - name: Host
            rules:
              - alert: HostDiskFull
                expr: (node_filesystem_avail_bytes{fstype!~"tmpfs"} * 100) / node_filesystem_size_bytes < 10 and ON (instance, device) node_filesystem_readonly == 0
                labels:
                  severity: warning
              - alert: HostBroken
                expr: |
                  sum by (instance) (
                    rate(node_cpu_seconds_total[5m] offset)
                  ) > 1
              - alert: HostBrokenInline
                expr: "up == == 1"
        -- content/a.md --
        # Disk

        {{% rule "host.yml" "HostDiskFull" %}}

        ```promql
        rate(x_total[5m]) > 0
        ```

        ```console
        $ df -h
        /dev/sda1  100G
        ```

        ```text
        <plain>
        ```
        -- content/b.md --
        # Gone

        <details><summary>Alert rule</summary>

        {{% rule "host.yml" "HostDiskFul" %}}

        </details>

        {{% rule "hots.yml" "HostDiskFull" %}}
        """

    private func build(_ text: String = site) -> BuildResult {
        TestSite(text).build { $0.severity = SeverityPolicy(overrides: ["rule-not-found": .warning, "rule-file-not-found": .warning]) }
    }

    @Test func expressionIsLaidOutHighlightedAndItsMetricsLinked() throws {
        let html = try #require(build().content(ofPage: "/a/"))
        #expect(html.contains("""
            <pre class="rule-expr"><code class="language-promql">      (<span class="hl-metric">node_filesystem_avail_bytes</span>{\
            <span class="hl-label">fstype</span><span class="hl-matcher">!~</span><span class="hl-string">&quot;tmpfs&quot;</span>} \
            <span class="hl-operator">*</span> <span class="hl-number">100</span>)
                <span class="hl-operator">/</span>
                  <span class="hl-metric">node_filesystem_size_bytes</span>
              <span class="hl-operator">&lt;</span>
                <span class="hl-number">10</span>
            <span class="hl-operator">and</span> <span class="hl-keyword">on</span> (<span class="hl-label">instance</span>, <span class="hl-label">device</span>)
              <span class="hl-metric">node_filesystem_readonly</span> <span class="hl-operator">==</span> <span class="hl-number">0</span></code></pre>
            """))
        #expect(html.contains("<span class=\"hl-operator\">and</span> <span class=\"hl-keyword\">on</span> (<span class=\"hl-label\">instance</span>, <span class=\"hl-label\">device</span>)\n"))
        #expect(html.contains("""
            <p class="rule-metrics"><a href="/docs/search/?q=node_filesystem_avail_bytes"><code>node_filesystem_avail_bytes</code></a> \
            <a href="/docs/search/?q=node_filesystem_size_bytes"><code>node_filesystem_size_bytes</code></a> \
            <a href="/docs/search/?q=node_filesystem_readonly"><code>node_filesystem_readonly</code></a> </p>
            """))
        // The YAML source is still shown, highlighted, with the expression as written.
        #expect(html.contains("<span class=\"hl-key\">expr</span><span class=\"hl-operator\">:</span> (node_filesystem_avail_bytes{fstype!~&quot;tmpfs&quot;} * 100)"))
    }

    @Test func toolLinksFollowTheConfiguration() throws {
        let html = try #require(build().content(ofPage: "/a/"))
        #expect(html.contains("<a href=\"https://prometheus.example.test/graph?g0.expr=%28node_filesystem_avail_bytes%7Bfstype%21~%22tmpfs%22%7D%20%2A%20100%29%20%2F%20node_filesystem_size_bytes%20%3C%2010%20and%20ON%20%28instance%2C%20device%29%20node_filesystem_readonly%20%3D%3D%200&amp;g0.tab=0\" rel=\"noopener\">Graph in Prometheus</a>"))
        #expect(html.contains("<a href=\"https://grafana.example.test/explore?schemaVersion=1&amp;panes=%7B%22a%22%3A%7B%22datasource%22%3A%22prom-main%22%2C%22queries%22%3A%5B%7B%22refId%22%3A%22A%22%2C%22expr%22%3A%22%28node_filesystem_avail_bytes"))
        #expect(html.contains("<a href=\"https://alertmanager.example.test/#/silences/new?filter=%7Balertname%3D%22HostDiskFull%22%7D\" rel=\"noopener\">Silence in Alertmanager</a>"))

        let bare = build(Self.site.replacingOccurrences(of: "  prometheusURL: https://prometheus.example.test/\n", with: "")
            .replacingOccurrences(of: "  alertmanagerURL: https://alertmanager.example.test\n", with: ""))
        let page = try #require(bare.content(ofPage: "/a/"))
        #expect(!page.contains("Graph in Prometheus") && !page.contains("Silence in Alertmanager"))
        #expect(page.contains("Explore in Grafana"))
    }

    @Test func toolAddressesMustBeWebAddresses() {
        let fixture = TestSite(Self.site.replacingOccurrences(of: "https://prometheus.example.test/", with: "javascript:alert(1)"))
        let (config, diagnostics) = ConfigLoader.load(sourceDirectory: fixture.root)
        #expect(diagnostics.map(\.description).contains { $0.contains("config-invalid") && $0.contains("is not a web address") })
        #expect(config.ruleTools.prometheusURL == nil)
        #expect(config.ruleTools.grafanaURL == "https://grafana.example.test")
    }

    @Test func missingRulesSaySo() throws {
        let result = build()
        let html = try #require(result.content(ofPage: "/b/"))
        #expect(html.contains("""
            <div class="rule rule-missing" role="note">
            <p class="rule-head"><code class="rule-name">HostDiskFul</code> <span class="badge badge-critical">rule not found</span></p>
            <p>The alert <code>HostDiskFul</code> is not defined in <code>rules/host.yml</code>. Did you mean <code>HostDiskFull</code>?</p>
            <p><a class="rule-edit" href="https://github.com/example/runbooks/edit/main/content/b.md">Edit this page</a> to fix the <code>rule</code> shortcode.</p>
            </div>
            """))
        #expect(html.contains("<p>The rule file <code>rules/hots.yml</code> does not exist, so the alert <code>HostDiskFull</code> cannot be shown. Did you mean <code>host.yml</code>?</p>"))
        #expect(result.diagnostics.filter { $0.code == .ruleNotFound }.map { $0.severity } == [.warning])
    }

    @Test func fencedCodeIsHighlightedAtBuildTime() throws {
        let html = try #require(build().content(ofPage: "/a/"))
        #expect(html.contains("<pre><code class=\"language-promql\"><span class=\"hl-function\">rate</span>(<span class=\"hl-metric\">x_total</span>[<span class=\"hl-duration\">5m</span>]) <span class=\"hl-operator\">&gt;</span> <span class=\"hl-number\">0</span>\n</code></pre>"))
        #expect(html.contains("<pre><code class=\"language-console\"><span class=\"hl-prompt\">$ </span><span class=\"hl-function\">df</span> <span class=\"hl-option\">-h</span>\n<span class=\"hl-output\">/dev/sda1  100G</span>\n</code></pre>"))
        #expect(html.contains("<pre><code class=\"language-text\">&lt;plain&gt;\n</code></pre>"))
    }

    @Test func lintReportsInvalidExpressionsWhereTheErrorIs() {
        let fixture = TestSite(Self.site)
        let (config, _) = ConfigLoader.load(sourceDirectory: fixture.root)
        var options = BuildOptions(sourceDirectory: fixture.root)
        options.reportLintChecks = true
        options.renderTemplates = false
        options.severity = SeverityPolicy(overrides: ["rule-not-found": .warning, "rule-file-not-found": .warning])
        let diagnostics = BuildPipeline.run(config: config, options: options).diagnostics.filter { $0.code == .ruleExprInvalid }
        #expect(diagnostics.map { $0.location?.description ?? "-" } == ["rules/host.yml:11:51", "rules/host.yml:14:22"])
        #expect(diagnostics.first?.message == "the expression of alert \"HostBroken\" is not valid PromQL: unexpected \")\" in offset, expected duration")
    }

    /// The hand-written encoder must agree with Foundation's, which it replaced for speed.
    @Test func queryEncodingMatchesFoundation() async {
        let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
        let pieces = ["", "a", "Z", "09", "-._~", " ", "%", "&=+", "#?/", "{}", "\"'", "[]:,", "é", "ß", "中", "🙂", "\u{0}", "\n\t",
                                 "rate(x_total[5m]) > 0", "{alertname=\"A b\"}"]
        let generator = Gen<String?>.element(of: pieces).array(of: 0...24).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 2000, input: generator) { sample in
            #expect(RuleView.queryEncoded(sample) == sample.addingPercentEncoding(withAllowedCharacters: unreserved), "\(sample.debugDescription)")
        }
    }
}
