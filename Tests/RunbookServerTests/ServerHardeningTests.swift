import Foundation
#if canImport(Glibc)
import Glibc
#endif
import RunbookKit
import RunbookTestSupport
import Testing
@testable import RunbookServer

/// DNS rebinding, scheme-relative redirects and idle-socket floods, against a real server on
/// loopback.
@Suite(.serialized) struct ServerHardeningTests {
    @Test func onlyLocalHostNamesAreAnswered() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server()
        let port = try await server.start()
        let client = RawHTTPClient(port: port)
        for host in ["127.0.0.1:\(port)", "localhost", "localhost:\(port)", "LocalHost:1313", "127.0.0.2", "[::1]:\(port)",
                     "[::1]", "app.localhost:5173", "localhost.:1313"] {
            #expect(try await client.get("/runbooks/", headers: ["Host": host]).status == 200, "Host: \(host)")
        }
        for host in ["evil.example", "evil.example:\(port)", "192.168.1.5:\(port)", "10.0.0.1", "localhost.evil.example",
                     "127.0.0.1.evil.example", "localhost:http", "localhost:", "[::1]x", "0.0.0.0", ""] {
            let response = try await client.get("/runbooks/", headers: ["Host": host])
            #expect(response.status == 421, "Host: \(host)")
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(response.text.contains("--allowed-host"))
            #expect(!response.text.contains("Runbooks"), "no page content")
        }
        // The live-reload script and event stream too: a rebinding page must not read them.
        #expect(try await client.get(LiveReloadScript.path, headers: ["Host": "evil.example"]).status == 421)
        #expect(try await client.get(LiveReloadScript.eventsPath, headers: ["Host": "evil.example"]).status == 421)
        #expect(server.subscriberCount == 0)
        await server.stop()
    }

    @Test func allowedHostsAddNames() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server(configure: { $0.allowedHosts = ["runbooks.test", ".example.org"] })
        let client = RawHTTPClient(port: try await server.start())
        for host in ["runbooks.test", "RUNBOOKS.test:8080", "example.org", "docs.example.org:1313", "localhost"] {
            #expect(try await client.get("/", headers: ["Host": host]).status == 200, "Host: \(host)")
        }
        for host in ["other.test", "xexample.org", "runbooks.test.evil", "192.168.1.5"] {
            #expect(try await client.get("/", headers: ["Host": host]).status == 421, "Host: \(host)")
        }
        await server.stop()
    }

    @Test func redirectsAreNeverSchemeRelative() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server()
        let client = RawHTTPClient(port: try await server.start())
        let cases = ["//runbooks": "/runbooks/", "//runbooks//app": "/runbooks/app/", "///runbooks": "/runbooks/",
                     "/runbooks//app": "/runbooks/app/", "//runbooks?next=//evil.example": "/runbooks/?next=//evil.example"]
        for (path, location) in cases {
            let response = try await client.get(path)
            #expect(response.status == 302, "\(path)")
            #expect(response.header("Location") == location, "\(path)")
        }
        #expect(try await client.get("//evil.example").status == 404)
        #expect(try await client.get("//evil.example/").status == 404)
        await server.stop()
    }

    /// 200 sockets that connect and send nothing, with room for 32 connections: the real
    /// request still gets its answer (it evicts the oldest idle socket), and an open event
    /// stream is never the one evicted.
    @Test func idleSocketsCannotStarveARequest() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server(configure: { $0.maxConnections = 32 })
        let port = try await server.start()
        let client = RawHTTPClient(port: port)
        let stream = try await EventStreamClient.connect(port: port)
        defer { stream.close() }
        #expect(await eventually(timeout: 30) { server.subscriberCount == 1 })

        let idle = try await RawHTTPClient.offload {
            try (0..<200).map { _ in try RawHTTPClient.connect(host: "127.0.0.1", port: port, timeoutSeconds: 30) }
        }
        defer { for socket in idle { close(socket) } }
        let response = try await client.get("/runbooks/app/appdown/")
        #expect(response.status == 200)
        #expect(response.text.contains("The app stopped answering."))
        #expect(server.connectionCount <= 32)
        #expect(server.subscriberCount == 1, "the event stream was not evicted")
        // Many real requests in a row, each past the flood.
        for _ in 0..<5 { #expect(try await client.get("/").status == 200) }
        await server.stop()
    }

    /// A client trickling header lines more often than any idle timeout still loses its
    /// connection at the header deadline.
    @Test func aSlowRequestHeadIsCutOff() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server(configure: { $0.headerTimeout = .milliseconds(300); $0.idleTimeout = .seconds(60) })
        let port = try await server.start()
        let outcome = try await RawHTTPClient.offload { () -> String in
            let socket = try RawHTTPClient.connect(host: "127.0.0.1", port: port, timeoutSeconds: 30)
            defer { close(socket) }
            try RawHTTPClient.writeAll(socket, Array("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".utf8))
            // At most 30 s: a header line every 50 ms until the server hangs up.
            for _ in 0..<600 {
                var descriptor = pollfd(fd: socket, events: Int16(POLLIN), revents: 0)
                if poll(&descriptor, 1, 50) > 0 {
                    var byte: UInt8 = 0
                    let count = recv(socket, &byte, 1, 0)
                    return count <= 0 ? "closed" : "answered"
                }
                let line = Array("X-Slow: 1\r\n".utf8)
                let sent = line.withUnsafeBytes { send(socket, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 { return "closed" }
            }
            return "still open"
        }
        #expect(outcome == "closed")
        // The server still answers others.
        #expect(try await RawHTTPClient(port: port).get("/").status == 200)
        await server.stop()
    }
}

@Suite struct HostPolicyTests {
    @Test func loopbackServerAcceptsOnlyLocalNames() {
        let policy = HostPolicy(listeningOn: "127.0.0.1", allowedHosts: [])
        #expect(policy.allows("localhost:1313"))
        #expect(policy.allows("127.0.0.1"))
        #expect(policy.allows("[::1]:1313"))
        #expect(!policy.allows("192.168.1.5:1313"))
        #expect(!policy.allows("evil.example"))
        #expect(!policy.allows(nil))
    }

    @Test func openedServerAcceptsAddressesItsOwnNameAndAllowedNames() {
        let any = HostPolicy(listeningOn: "0.0.0.0", allowedHosts: ["runbooks.internal"])
        #expect(any.allows("192.168.1.5:1313"))
        #expect(any.allows("[fe80::1]:1313"))
        #expect(any.allows("runbooks.internal:1313"))
        #expect(!any.allows("evil.example:1313"))
        #expect(!any.allows("1.2.3.4.evil.example"))
        #expect(!any.allows("999.1.1.1"))
        let named = HostPolicy(listeningOn: "devbox.lan", allowedHosts: [])
        #expect(named.allows("devbox.lan:1313"))
        #expect(!named.allows("other.lan"))
    }

    @Test func malformedHostsAreRefused() {
        let policy = HostPolicy(listeningOn: "0.0.0.0", allowedHosts: [])
        for host in ["", ":1313", "localhost:99999999", "local host", "localhost:-1", "[::1", "a/b", "evil.example@localhost"] {
            #expect(!policy.allows(host), "\(host)")
        }
    }
}
