import Foundation
import RunbookTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Headless Chromium driven through chromedriver's W3C WebDriver HTTP API.
final class WebDriver: @unchecked Sendable {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
    static let chromedriver = ["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    static var isAvailable: Bool {
        let present = chromium != nil && chromedriver != nil
        if !present { print("note: skipping the browser test: chromium and chromedriver are not installed (apt install chromium chromium-driver)") }
        return present
    }

    struct Failure: Error, CustomStringConvertible { let description: String }

    private let process: Process
    private let client: RawHTTPClient
    private let profile: String
    private var session = ""

    private init(process: Process, port: Int, profile: String) {
        self.process = process
        self.client = RawHTTPClient(port: port)
        self.profile = profile
    }

    /// Starts chromedriver on a free port and opens a headless browser session.
    static func start() async throws -> WebDriver {
        guard let chromium, let chromedriver else { throw Failure(description: "chromium or chromedriver missing") }
        let port = try freePort()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: chromedriver)
        process.arguments = ["--port=\(port)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let profile = NSTemporaryDirectory() + "runbook-chromium-\(UUID().uuidString)"
        let driver = WebDriver(process: process, port: port, profile: profile)
        let ready = await eventually(timeout: 30) { (try? await driver.client.get("/status").status) == 200 }
        guard ready else {
            await driver.quitProcess()
            throw Failure(description: "chromedriver did not start")
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": [
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1024,768", "--user-data-dir=\(profile)", "--no-first-run"],
            ],
        ]]]
        do {
            let value = try await driver.command("POST", "/session", capabilities)
            guard let id = (value as? [String: Any])?["sessionId"] as? String else { throw Failure(description: "no session id in \(value)") }
            driver.session = id
        } catch {
            await driver.quitProcess()
            throw error
        }
        return driver
    }

    /// Sets the window's size (layout tests look at pages 1280 and 390 pixels wide).
    func resize(width: Int, height: Int) async throws {
        _ = try await command("POST", "/session/\(session)/window/rect", ["width": width, "height": height])
    }

    func open(_ url: String) async throws {
        _ = try await command("POST", "/session/\(session)/url", ["url": url])
    }

    /// Runs JavaScript in the page and returns its result.
    func run(_ script: String) async throws -> Any {
        try await command("POST", "/session/\(session)/execute/sync", ["script": script, "args": []])
    }

    func quit() async {
        if !session.isEmpty { _ = try? await command("DELETE", "/session/\(session)", nil) }
        await quitProcess()
    }

    /// Stops chromedriver for sure: it ignores SIGTERM at times, so ask it to shut down,
    /// wait a little, then kill it.
    private func quitProcess() async {
        if process.isRunning {
            _ = try? await client.get("/shutdown")
            var waited = 0
            while process.isRunning && waited < 50 {
                try? await Task.sleep(for: .milliseconds(100))
                waited += 1
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]?) async throws -> Any {
        let bytes = try body.map { Array(try JSONSerialization.data(withJSONObject: $0)) } ?? []
        let response = try await client.send(method, path, headers: ["Content-Type": "application/json"], body: bytes)
        let json = try JSONSerialization.jsonObject(with: Data(response.body), options: [.fragmentsAllowed])
        let value = (json as? [String: Any])?["value"] ?? NSNull()
        if response.status != 200 { throw Failure(description: "\(method) \(path): \(response.status) \(value)") }
        return value
    }

    static func freePort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        guard ok else { throw Failure(description: "no free port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
