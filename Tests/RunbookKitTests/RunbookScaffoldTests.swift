import Testing
@testable import RunbookKit
import RunbookTestSupport

@Suite struct RunbookScaffoldTests {
    static let site = """
        -- config.yaml --
        baseURL: https://runbooks.example.org/
        params:
          BookSection: runbooks
        -- rules/db/postgres.yml --
        groups:
          - name: Postgres
            rules:
              - alert: PostgresDown
                expr: pg_up == 0
                labels:
                  severity: critical
                annotations:
                  summary: "Postgres down: {{ $labels.instance }}"
                  runbook_url: https://runbooks.example.org/runbooks/postgres/postgresdown/
              - alert: PostgresSlow
                expr: pg_latency_seconds > 1
                labels:
                  severity: warning
              - alert: PostgresShown
                expr: up == 0
        -- content/runbooks/postgres/_index.md --
        ---
        title: postgres
        ---
        -- content/runbooks/postgres/Shown.md --
        {{% rule "db/postgres.yml" "PostgresShown" %}}
        """

    @Test func plansPagesForAlertsWithoutOne() throws {
        let result = TestSite(Self.site).build()
        let plans = try RunbookScaffold.plan(ruleFile: "rules/db/postgres.yml", alerts: [], result: result)
        #expect(plans.map(\.path) == ["content/runbooks/postgres/PostgresDown.md", "content/runbooks/postgres/PostgresSlow.md"])
        #expect(plans.map(\.url) == ["/runbooks/postgres/postgresdown/", "/runbooks/postgres/postgresslow/"])
        // PostgresDown's annotation already points at its future page; PostgresSlow has none.
        #expect(plans[0].annotationHint == nil)
        #expect(plans[1].annotationHint == "add `runbook_url: https://runbooks.example.org/runbooks/postgres/postgresslow/` to the annotations of PostgresSlow (rules/db/postgres.yml:11)")
    }

    @Test func theNewPageBuildsCleanlyAndShowsItsRule() throws {
        let fixture = TestSite(Self.site)
        let plan = try #require(try RunbookScaffold.plan(ruleFile: "db/postgres.yml", alerts: ["PostgresDown"], result: fixture.build()).first)
        #expect(plan.text.hasPrefix("---\ntitle: PostgresDown\ndescription: What to do when PostgresDown fires\ntags:\n  - critical\n"))
        #expect(plan.text.contains("{{% rule \"db/postgres.yml\" \"PostgresDown\" %}}"))
        #expect(plan.text.contains("```promql\npg_up == 0\n```"))
        fixture.write(plan.path, plan.text)
        let rebuilt = fixture.build { $0.reportLintChecks = true }
        #expect(rebuilt.diagnostics.filter { $0.location?.file == plan.path } .map(\.description) == [])
        let html = try #require(rebuilt.content(ofPage: "/runbooks/postgres/postgresdown/"))
        #expect(html.contains("pg_up == 0"))
    }

    @Test func unknownAlertOrFileIsExplained() {
        let result = TestSite(Self.site).build()
        #expect(throws: RunbookScaffold.Problem.alertNotFound("PostgresDwn", file: "rules/db/postgres.yml", suggestion: "PostgresDown")) {
            try RunbookScaffold.plan(ruleFile: "db/postgres.yml", alerts: ["PostgresDwn"], result: result)
        }
        #expect(throws: RunbookScaffold.Problem.ruleFileNotFound("db/postgre.yml", suggestion: "rules/db/postgres.yml")) {
            try RunbookScaffold.plan(ruleFile: "db/postgre.yml", alerts: [], result: result)
        }
    }
}
