import Testing
@testable import RunbookKit
import RunbookTestSupport

/// Rule files as Prometheus, Thanos, Mimir and Loki load them, and kube-prometheus'
/// `PrometheusRule` manifests.
@Suite struct RuleFormatsTests {
    func parse(_ text: String) -> RuleFile {
        RuleFileParser.parse(text: text, file: "x.yaml", sourcePath: "rules/x.yaml")
    }

    @Test func emptyAndNullRulesAreGroupsWithoutRules() {
        let parsed = parse("""
            groups:
              - name: Empty
                rules:
              - name: Null
                rules: null
              - name: List
                rules: []
              - name: NoKey
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.rules.isEmpty)
        #expect(parse("groups:\n").problems.isEmpty)
        #expect(parse("").problems.isEmpty)
    }

    @Test func groupFieldsAndRecordingRules() {
        let parsed = parse("""
            groups:
              - name: Hosts
                interval: 30s
                limit: 10
                query_offset: 1m
                partial_response_strategy: warn
                labels:
                  team: storage
                  severity: info
                rules:
                  - record: job:up:sum
                    expr: sum by (job) (up)
                  - alert: HostDown
                    expr: up == 0
                    labels:
                      severity: critical
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.rules.map(\.kind) == [.record, .alert])
        let alert = parsed.rules[1]
        #expect(alert.severity == "critical")  // the rule's own label wins
        #expect(alert.labels.first { $0.key == "team" }?.value == "storage")
        #expect(alert.line == 13)
    }

    @Test func severalDocumentsKeepTheirLines() {
        let parsed = parse("""
            groups:
              - name: A
                rules:
                  - alert: First
                    expr: up == 0
            ---
            groups:
              - name: B
                rules:
                  - alert: Second
                    expr: up == 0
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.rules.map(\.name) == ["First", "Second"])
        #expect(parsed.rules.map(\.line) == [4, 10])
        #expect(parsed.rules[0].sourceText == "alert: First\nexpr: up == 0")
    }

    @Test func prometheusRuleManifests() {
        let parsed = parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: unrelated
            ---
            apiVersion: monitoring.coreos.com/v1
            kind: PrometheusRule
            metadata:
              name: node-exporter
              labels:
                prometheus: k8s
            spec:
              groups:
                - name: node-exporter
                  rules:
                    - alert: NodeFilesystemAlmostOutOfSpace
                      annotations:
                        summary: Filesystem has less than 5% space left.
                      expr: node_filesystem_avail_bytes < 5
                      for: 30m
                      labels:
                        severity: warning
            """)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.rules.map(\.name) == ["NodeFilesystemAlmostOutOfSpace"])
        #expect(parsed.rules.first?.line == 16)
        #expect(parsed.rules.first?.column == 11)
        #expect(parsed.rules.first?.severity == "warning")
        #expect(parsed.rules.first?.sourceText.hasPrefix("alert: NodeFilesystemAlmostOutOfSpace\nannotations:") == true)
    }

    @Test func whatPrometheusRefusesIsAnError() {
        let parsed = parse("""
            groups:
              - name: A
                rules:
                  - alert: Both
                    record: both
                    expr: up
                  - alert: NoExpr
                  - record: rec
                    expr: up
                    for: 5m
              - name: A
                rules: []
            """)
        #expect(parsed.problems.map { $0.location?.line ?? 0 } == [4, 7, 10, 11])
        #expect(parsed.problems.allSatisfy { $0.code == .ruleFileInvalid })
        #expect(parsed.problems[1].message.contains("has no `expr`"))
        #expect(parsed.problems[3].message.contains("repeated"))
    }

    @Test func anotherKubernetesObjectAloneIsNotARuleFile() {
        let parsed = parse("apiVersion: v1\nkind: ConfigMap\n")
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems.first?.location?.line == 2)
    }

    @Test func yamlFilesInSeveralFoldersStayDistinct() {
        let site = TestSite("""
            -- content/_index.md --
            # Home
            -- content/a.md --
            # A

            {{% rule "node/alerts.yaml" "Same" %}}
            {{% rule "mysql/alerts.yml" "Same" %}}
            -- rules/node/alerts.yaml --
            groups:
              - name: node
                rules:
                  - alert: Same
                    expr: node_up == 0
            -- rules/mysql/alerts.yml --
            groups:
              - name: mysql
                rules:
                  - alert: Same
                    expr: mysql_up == 0
            """)
        let result = site.build()
        #expect(result.report == [])
        #expect(result.site.rules.files.keys.sorted() == ["mysql/alerts.yml", "node/alerts.yaml"])
        let html = result.file("a/index.html") ?? ""
        #expect(html.contains("node_up") && html.contains("mysql_up"))
    }
}
