import Foundation
@testable import RunbookKit
import RunbookTestSupport

/// A small, clean runbook site that every lint check passes, and ways to lint variants of it:
/// each test changes or adds the few files that trigger (or must not trigger) one check.
enum LintFixture {
    static let baseText = """
        -- config.yaml --
        title: Acme runbooks
        baseURL: https://runbooks.acme.test/
        -- rules/app.yml --
        groups:
          - name: App
            rules:
              - alert: WebDown
                expr: up{job="web"} == 0
                for: 5m
                labels:
                  severity: critical
                annotations:
                  summary: Web is down
                  runbook_url: https://runbooks.acme.test/runbooks/web/webdown/
              - alert: DbDown
                expr: up{job="db"} == 0
                for: 1m
                labels:
                  severity: critical
                annotations:
                  summary: Database is down
                  runbook_url: https://runbooks.acme.test/runbooks/db/dbdown/
        -- content/_index.md --
        ---
        title: Acme runbooks
        ---
        Start with [WebDown](runbooks/web/WebDown.md).
        -- content/runbooks/web/WebDown.md --
        ---
        title: WebDown
        description: The web tier is down
        tags: [web]
        ---
        # WebDown

        The web tier answers no probe.

        <details>
          <summary>Alert rule</summary>

        {{% rule "app.yml" "WebDown" %}}

        {{% comment %}}
        ```yaml
        alert: WebDown
        expr: up{job="web"} == 0
        for: 5m
        labels:
          severity: critical
        annotations:
          summary: Web is down
          runbook_url: https://old.acme.test/web
        ```
        {{% /comment %}}

        </details>

        ## Meaning

        No web server answers. See [the impact](#impact), the [diagram](/images/web.png), the [tag](/tags/web/) and [all alerts](/alerts/).

        ## Impact

        Users see errors.

        ## Diagnosis

        Check `systemctl status nginx`, then [the database](../db/DbDown.md) and [its old address](/old/db/).

        ## Mitigation

        Restart it.
        -- content/runbooks/db/DbDown.md --
        ---
        title: DbDown
        aliases: [/old/db/]
        ---
        # DbDown

        {{% rule "app.yml" "DbDown" %}}

        ## Meaning

        The database is down; [the web tier](../web/WebDown.md#meaning) suffers.

        ## Impact

        Everything.

        ## Diagnosis

        Look at [the logs](https://logs.acme.test/db).

        ## Mitigation

        Fail over.
        -- static/images/web.png --
        png
        """

    static let base = TestSite.files(in: baseText)

    /// The base site with some files replaced, added (a text) or removed (nil).
    static func site(_ changes: [String: String?] = [:]) -> TestSite {
        var files = base
        for (path, contents) in changes { files[path] = contents }
        return TestSite(files: files)
    }

    /// Lints a site as `runbook lint` does (severities from its config.yaml, nothing written).
    static func lint(_ site: TestSite, configure: (inout BuildOptions) -> Void = { _ in }) -> BuildResult {
        let (config, _) = ConfigLoader.load(sourceDirectory: site.root)
        var options = BuildOptions(sourceDirectory: site.root)
        options.reportLintChecks = true
        options.renderTemplates = false
        configure(&options)
        return BuildPipeline.run(config: config, options: options)
    }

    /// Lints the base site with changes; every diagnostic.
    static func diagnostics(_ changes: [String: String?] = [:]) -> [Diagnostic] {
        let site = site(changes)
        return lint(site).diagnostics
    }

    /// The base site's file with `old` replaced by `new` (which must occur).
    static func edited(_ path: String, _ old: String, _ new: String) -> String {
        let text = base[path]!
        precondition(text.contains(old), "\(path) does not contain \(old)")
        return text.replacingOccurrences(of: old, with: new)
    }
}

extension Array where Element == Diagnostic {
    /// Where each diagnostic with `code` is, as `file:line:column`.
    func places(_ code: DiagnosticCode) -> [String] {
        filter { $0.code == code }.map { $0.location?.description ?? "-" }
    }

    func messages(_ code: DiagnosticCode) -> [String] {
        filter { $0.code == code }.map(\.message)
    }

    /// Compact listing for failure messages.
    var listing: String { map(\.description).joined(separator: "\n") }
}
