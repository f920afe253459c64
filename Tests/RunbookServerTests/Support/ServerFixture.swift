import Foundation
import RunbookTestSupport
import RunbookKit
@testable import RunbookServer

extension TestSite {
    /// A server on a free loopback port for this site.
    /// `settle` defaults to `quiet`, so a loaded test machine cannot split a burst; the
    /// latency measurement uses the server's defaults.
    func server(severity: [String: SeveritySetting] = [:], basePath: String = "/", quiet: Duration = .milliseconds(50),
                settle: Duration? = nil, maxDelay: Duration = .seconds(1),
                onEvent: @escaping @Sendable (ServerEvent) -> Void = { _ in },
                configure: (inout ServerOptions) -> Void = { _ in }) -> PreviewServer {
        let (config, _) = ConfigLoader.load(sourceDirectory: root)
        var build = BuildOptions(sourceDirectory: root)
        build.severity = SeverityPolicy(overrides: severity)
        var options = ServerOptions()
        options.port = 0
        options.portIsExplicit = true
        options.basePath = basePath
        options.quietWindow = quiet
        options.settleWindow = settle ?? quiet
        options.maxDelay = maxDelay
        configure(&options)
        return PreviewServer(config: config, build: build, options: options, onEvent: onEvent)
    }

    /// A small site with a page that shows an alert, and static files of many types.
    static let fixture = """
        -- config.yaml --
        title: Fixture
        baseURL: https://runbooks.example.org/
        -- content/_index.md --
        ---
        title: Home
        ---

        # Home

        Welcome.
        -- content/runbooks/_index.md --
        ---
        title: Runbooks
        weight: 1
        ---

        # Runbooks
        -- content/runbooks/app/_index.md --
        ---
        title: App
        ---

        # App
        -- content/runbooks/app/AppDown.md --
        ---
        title: AppDown
        description: The app is down
        tags:
          - app
        ---

        # AppDown

        The app stopped answering.

        {{% rule "app/app.yml" "AppDown" %}}

        ## Meaning

        It is down.
        -- rules/app/app.yml --
        groups:
          - name: App
            rules:
              - alert: AppDown
                expr: up{job="app"} == 0
                for: 5m
                labels:
                  severity: critical
                annotations:
                  summary: App down
        -- static/files/f.css --
        body { color: red }
        -- static/files/f.js --
        console.log(1)
        -- static/files/f.json --
        {}
        -- static/files/f.xml --
        <x/>
        -- static/files/f.svg --
        <svg xmlns="http://www.w3.org/2000/svg"/>
        -- static/files/f.png --
        png
        -- static/files/f.jpg --
        jpg
        -- static/files/f.gif --
        gif
        -- static/files/f.webp --
        webp
        -- static/files/f.ico --
        ico
        -- static/files/f.txt --
        text
        -- static/files/f.woff2 --
        woff2
        -- static/files/f.pdf --
        pdf
        -- secret.txt --
        outside the site
        """
}
