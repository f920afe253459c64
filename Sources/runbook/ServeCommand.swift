import ArgumentParser
import RunbookKit
import RunbookServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Preview the site with live reload.",
        discussion: """
            Builds the site in memory (nothing is written to public/) and serves it, by default on \
            http://127.0.0.1:1313/. Watches content/, rules/, templates/, static/ and config.yaml; \
            every burst of changes gives one rebuild, after which open pages that changed reload by \
            themselves. A broken edit keeps the last good pages and shows the errors in the browser \
            and here. Stop with Ctrl+C.
            """)

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("The address to listen on; anything but loopback lets other machines in.", valueName: "address"))
    var host = "127.0.0.1"

    @Option(name: .customLong("allowed-host"), help: ArgumentHelp(
        "Also answer requests for this host name (repeatable; `.example.org` allows its subdomains too). Other names get 421, against DNS rebinding.",
        valueName: "name"))
    var allowedHosts: [String] = []

    @Option(name: .long, help: ArgumentHelp("The port (default 1313, or the next free one; 0 picks any free port).", valueName: "port"))
    var port: Int?

    @Option(name: .long, help: ArgumentHelp("Serve the site under this path (default: the path of config.yaml's baseURL).", valueName: "path"))
    var basePath: String?

    @Flag(name: .long, help: "Open the site in the browser.")
    var open = false

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be between 0 and 65535") }
        if host.isEmpty { throw ValidationError("--host must not be empty") }
        for name in allowedHosts where name.isEmpty || name == "." || name.contains(where: { $0 == ":" || $0 == "/" || $0 == " " }) {
            throw ValidationError("--allowed-host takes a host name without port or scheme (runbooks.example.org, or .example.org for its subdomains), not '\(name)'")
        }
    }

    func run() async throws {
        let config = try site.loadConfig()
        let build = try site.buildOptions()
        var options = ServerOptions()
        options.host = host
        options.port = port ?? 1313
        options.portIsExplicit = port != nil
        options.basePath = basePath ?? config.basePath
        options.allowedHosts = allowedHosts
        if !ServerOptions.isLoopback(host) {
            Console.error("warning: listening on \(host): other machines can reach this preview (use the default --host 127.0.0.1 to keep it local); it answers requests that name it by IP address, by --host or an --allowed-host name, or as localhost")
        }

        let colour = Console.colourOnStderr
        let strict = site.strict
        let server = PreviewServer(config: config, build: build, options: options) { event in
            switch event {
            case .built(let report):
                for line in TextReport.lines(report.diagnostics, colour: colour) { Console.error(line) }
                let result = report.update.result
                Console.error(report.summary)
                if result.errorCount > 0 {
                    Console.error("the site has errors: the browser shows them over the pages until they are fixed")
                } else if strict && result.warningCount > 0 {
                    Console.error("note: --strict does not stop serve; the warnings above would fail `runbook build --strict`")
                }
            case .rebuilt(let report):
                Console.error(report.summary)
                for line in TextReport.lines(report.diagnostics, colour: colour) { Console.error(line) }
            case .warning(let message):
                Console.error("warning: \(message)")
            }
        }
        do {
            try await server.start()
        } catch let failure as PortFinder.Failure {
            Console.error("error: \(failure)")
            throw ExitCode(2)
        } catch {
            Console.error("error: cannot start the server: \(error)")
            throw ExitCode(2)
        }
        let url = server.url ?? ""
        Console.output("Serving \(url)")
        let folders = [config.contentDir, config.rulesDir, config.templatesDir, config.staticDir].map { $0 + "/" }
        Console.error("watching \(folders.joined(separator: ", ")) and \(config.file ?? "config.yaml"); press Ctrl+C to stop")
        if open {
            // A wildcard address is not one a browser can open; this machine's loopback is.
            let wildcard = ["0.0.0.0", "::", "[::]"].contains(host)
            let local = wildcard ? ServerOptions.url(host: "127.0.0.1", port: server.port ?? 0, basePath: server.options.basePath) : url
            if let problem = BrowserOpener.open(local) { Console.error(problem) }
        }
        await server.wait()
    }
}
