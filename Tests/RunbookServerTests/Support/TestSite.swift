import Foundation
import RunbookKit
@testable import RunbookServer

/// A site in a fresh temporary folder, removed by `remove()`.
struct TestSite {
    let root: String

    /// Writes files given Hugo-test style: `-- path --` lines, each followed by the file.
    static func make(_ files: String) throws -> TestSite {
        let root = NSTemporaryDirectory() + "runbook-serve-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        let site = TestSite(root: root)
        var path: String?
        var lines: [Substring] = []
        func flush() throws {
            if let path { try site.write(path, lines.joined(separator: "\n") + "\n") }
        }
        for line in files.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("-- ") && line.hasSuffix(" --") {
                try flush()
                path = String(line.dropFirst(3).dropLast(3))
                lines = []
            } else {
                lines.append(line)
            }
        }
        try flush()
        return site
    }

    /// A copy of a folder (the corpus is read-only; tests edit their copy).
    static func copy(of folder: String) throws -> TestSite {
        let root = NSTemporaryDirectory() + "runbook-serve-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: folder, toPath: root)
        return TestSite(root: root)
    }

    func path(_ relative: String) -> String { root + "/" + relative }

    func write(_ relative: String, _ text: String) throws {
        let full = path(relative)
        try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: full))
    }

    func read(_ relative: String) throws -> String {
        try String(contentsOfFile: path(relative), encoding: .utf8)
    }

    func append(_ relative: String, _ text: String) throws {
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path(relative)))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: root)
    }

    /// A server on a free loopback port for this site.
    /// `settle` defaults to `quiet`, so a loaded test machine cannot split a burst; the
    /// latency measurement uses the server's defaults.
    func server(severity: [String: SeveritySetting] = [:], basePath: String = "/", quiet: Duration = .milliseconds(50),
                settle: Duration? = nil, maxDelay: Duration = .seconds(1),
                onEvent: @escaping @Sendable (ServerEvent) -> Void = { _ in }) -> PreviewServer {
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

/// The read-only corpus the project must build, beside the repository (absent in a user's clone).
enum Corpus {
    static let path: String = {
        let here = URL(fileURLWithPath: #filePath)
        let repository = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return repository.deletingLastPathComponent().appendingPathComponent("shared/corpus/srerun").path
    }()

    static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: path + "/content")
        if !present { print("note: skipping corpus tests: \(path) is missing (it lives beside the repository in ../shared)") }
        return present
    }
}

/// Waits (polling) until `condition` holds; false after `timeout` seconds. For failing tests
/// only: no test asserts how long anything took.
func eventually(timeout: TimeInterval = 60, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
