import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `runbook new --all` and `runbook new DIR`: every alert without a page, from one load.
@Suite struct ScaffoldAllTests {
    static let site = """
        -- content/_index.md --
        # Runbooks
        -- content/runbooks/node-alerts/Covered.md --
        # Covered

        {{% rule "node/alerts.yml" "Covered" %}}
        -- rules/node/alerts.yml --
        groups:
          - name: node
            rules:
              - alert: Covered
                expr: up == 0
              - alert: NodeDiskFull(>80%)
                expr: disk > 80
              - alert: "Weird/Name: ../x"
                expr: up == 0
              - record: not:an:alert
                expr: up
        -- rules/mysql/alerts.yml --
        groups:
          - name: mysql
            rules:
              - alert: MysqlDown
                expr: mysql_up == 0
              - alert: MysqlDown
                expr: mysql_up == 0
        -- rules/loki/loki.yaml --
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        spec:
          groups:
            - name: loki
              rules:
                - alert: LokiRequestErrors
                  expr: errors > 0
        """

    @Test func allAlertsWithoutAPageInOneRun() throws {
        let result = TestSite(Self.site).build()
        let plans = try RunbookScaffold.plan(.all, alerts: [], result: result)
        #expect(plans.map(\.path) == [
            "content/runbooks/loki/LokiRequestErrors.md",
            "content/runbooks/mysql-alerts/MysqlDown.md",
            "content/runbooks/node-alerts/NodeDiskFull(80).md",
            "content/runbooks/node-alerts/Weird-Name-..-x.md",
        ])
        #expect(plans.map(\.url) == [
            "/runbooks/loki/lokirequesterrors/",
            "/runbooks/mysql-alerts/mysqldown/",
            "/runbooks/node-alerts/nodediskfull80/",
            "/runbooks/node-alerts/weird-name-..-x/",
        ])
        // The real name stays in the page, quoted where YAML or the shortcode needs it.
        #expect(plans[3].text.contains("title: \"Weird/Name: ../x\""))
        #expect(plans[3].text.contains("{{% rule \"node/alerts.yml\" \"Weird/Name: ../x\" %}}"))
    }

    @Test func aFolderOfRuleFiles() throws {
        let result = TestSite(Self.site).build()
        let plans = try RunbookScaffold.plan(.folder("rules/mysql"), alerts: [], result: result)
        #expect(plans.map(\.path) == ["content/runbooks/mysql-alerts/MysqlDown.md"])
    }

    @Test func scaffoldedPagesBuildAndShowTheirRules() throws {
        let site = TestSite(Self.site)
        let plans = try RunbookScaffold.plan(.all, alerts: [], result: site.build())
        for plan in plans { site.write(plan.path, plan.text) }
        let result = site.build()
        #expect(result.diagnostics.filter { $0.severity == .error }.isEmpty, "\(result.report)")
        for plan in plans {
            let html = try #require(result.content(ofPage: plan.url), "\(plan.url)")
            #expect(html.contains("<div class=\"rule"))
        }
        #expect(try RunbookScaffold.plan(.all, alerts: [], result: result).isEmpty)
    }

    @Test func fileStemsAreSafe() {
        #expect(RunbookScaffold.fileStem("MysqlTooManyConnections(>80%)") == "MysqlTooManyConnections(80)")
        #expect(RunbookScaffold.fileStem("../../etc/passwd") == "etc-passwd")
        #expect(RunbookScaffold.fileStem("%%%") == "alert")
        #expect(RunbookScaffold.fileStem(".hidden") == "hidden")
        #expect(!RunbookScaffold.fileStem("a/b\\c:d").contains("/"))
    }
}

extension ScaffoldAllTests {
    /// `runbook new` plans from a survey (no rendering); it must find what a build finds.
    @Test func surveyPlansAsABuildDoes() throws {
        let site = TestSite(Self.site)
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        let (surveyed, shown) = RunbookScaffold.survey(config: config, sourceDirectory: site.root)
        #expect(shown == [AlertID(file: "node/alerts.yml", name: "Covered")])
        let fromSurvey = try RunbookScaffold.plan(.all, alerts: [], site: surveyed, shown: shown)
        let fromBuild = try RunbookScaffold.plan(.all, alerts: [], result: site.build())
        #expect(fromSurvey == fromBuild)
        #expect(fromSurvey.count == 4)
    }

    /// A name defined 2,000 times, named by 50 shortcodes, is one alert shown. The survey took
    /// an id per rule per shortcode: at 50,000 definitions and 2,000 shortcodes, 18 GB.
    @Test func surveyTakesOneIdPerShortcode() {
        let rules = "groups:\n  - name: G\n    rules:\n"
            + (0..<2_000).map { "      - alert: Dup\n        expr: up == \($0)\n" }.joined()
        let shortcodes = [String](repeating: "{{% rule \"dup.yml\" \"Dup\" %}}", count: 50).joined(separator: "\n\n")
        let site = TestSite(files: ["rules/dup.yml": rules, "content/dup.md": "---\ntitle: Dup\n---\n\n" + shortcodes + "\n"])
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        #expect(RunbookScaffold.survey(config: config, sourceDirectory: site.root).shown == [AlertID(file: "dup.yml", name: "Dup")])
    }
}
