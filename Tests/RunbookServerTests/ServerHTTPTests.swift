import Foundation
import RunbookKit
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// HTTP behaviour on a small fixture site: content types, HEAD, ETags, folders, 404, paths.
@Suite(.serialized) struct ServerHTTPTests {
    let site: TestSite
    let server: PreviewServer
    let client: RawHTTPClient

    init() async throws {
        site = TestSite(TestSite.fixture)
        server = site.server()
        client = RawHTTPClient(port: try await server.start())
    }

    private func finish() async {
        await server.stop()
        site.remove()
    }

    @Test func servesPagesWithTheLiveReloadScript() async throws {
        let response = try await client.get("/runbooks/app/appdown/")
        #expect(response.status == 200)
        #expect(response.header("Content-Type") == "text/html; charset=utf-8")
        #expect(response.header("Cache-Control") == "no-cache")
        #expect(response.text.contains("The app stopped answering."))
        #expect(response.text.contains("<script src=\"/__runbook/live.js\" data-server=\"\(server.instance)\"></script>\n</body>"))
        #expect(Int(response.header("Content-Length") ?? "") == response.body.count)
        // `runbook build` output never has it.
        let built = BuildPipeline.run(config: ConfigLoader.load(sourceDirectory: site.root).0, options: BuildOptions(sourceDirectory: site.root))
        #expect(!built.outputs.contains { String(decoding: $0.bytes, as: UTF8.self).contains("__runbook") })
        let script = try await client.get(LiveReloadScript.path)
        #expect(script.status == 200)
        #expect(script.header("Content-Type") == "text/javascript; charset=utf-8")
        await finish()
    }

    @Test func contentTypes() async throws {
        let expected = [
            "css": "text/css; charset=utf-8", "js": "text/javascript; charset=utf-8", "json": "application/json",
            "xml": "application/xml", "svg": "image/svg+xml", "png": "image/png", "jpg": "image/jpeg", "gif": "image/gif",
            "webp": "image/webp", "ico": "image/x-icon", "txt": "text/plain; charset=utf-8", "woff2": "font/woff2",
            "pdf": "application/pdf",
        ]
        for (ext, type) in expected {
            let response = try await client.get("/files/f.\(ext)")
            #expect(response.status == 200, "f.\(ext)")
            #expect(response.header("Content-Type") == type, "f.\(ext)")
            #expect(!response.text.contains("__runbook"), "only HTML gets the script")
        }
        #expect(try await client.get("/sitemap.xml").header("Content-Type") == "application/xml")
        await finish()
    }

    @Test func headHasTheHeadersButNoBody() async throws {
        let get = try await client.get("/runbooks/")
        let head = try await client.send("HEAD", "/runbooks/")
        #expect(head.status == 200)
        #expect(head.body.isEmpty)
        #expect(head.header("Content-Length") == String(get.body.count))
        #expect(head.header("ETag") == get.header("ETag"))
        #expect(head.header("Content-Type") == "text/html; charset=utf-8")
        #expect(try await client.send("POST", "/runbooks/").status == 405)
        await finish()
    }

    @Test func etagGivesNotModifiedUntilTheFileChanges() async throws {
        let first = try await client.get("/runbooks/app/appdown/")
        let etag = try #require(first.header("ETag"))
        let again = try await client.get("/runbooks/app/appdown/", headers: ["If-None-Match": etag])
        #expect(again.status == 304)
        #expect(again.body.isEmpty)
        #expect(try await client.get("/runbooks/app/appdown/", headers: ["If-None-Match": "W/\(etag), \"other\""]).status == 304)
        #expect(try await client.get("/runbooks/app/appdown/", headers: ["If-None-Match": "\"other\""]).status == 200)

        site.append("content/runbooks/app/AppDown.md", "\nA new paragraph.\n")
        #expect(try await eventually { try await client.get("/runbooks/app/appdown/").text.contains("A new paragraph.") })
        let changed = try await client.get("/runbooks/app/appdown/", headers: ["If-None-Match": etag])
        #expect(changed.status == 200)
        #expect(changed.header("ETag") != etag)
        await finish()
    }

    @Test func foldersRedirectsAndNotFound() async throws {
        let folder = try await client.get("/runbooks/app")
        #expect(folder.status == 302)
        #expect(folder.header("Location") == "/runbooks/app/")
        #expect(try await client.get("/runbooks/app?x=1").header("Location") == "/runbooks/app/?x=1")
        #expect(try await client.get("/runbooks/app/index.html").status == 200)

        let missing = try await client.get("/runbooks/nothing-here/")
        #expect(missing.status == 404)
        #expect(missing.header("Content-Type") == "text/html; charset=utf-8")
        let page404 = try await client.get("/404.html")
        #expect(page404.status == 200)
        #expect(missing.text.contains("data-status=\"404\""))
        #expect(try await client.send("HEAD", "/nothing").status == 404)
        await finish()
    }

    @Test(arguments: [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/files/..%2f..%2fsecret.txt",
        "/files%2f..%2f..%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/files/%5c..%5c..%5csecret.txt",
        "/..\\secret.txt",
        "/files/%00/../secret.txt",
        "/secret.txt%00.html",
        "/%c0%ae%c0%ae/secret.txt",
        "/./../secret.txt",
        "/secret.txt",
        "/config.yaml",
        "/content/_index.md",
        "/rules/app/app.yml",
    ])
    func pathsOutsideTheSiteAreNeverServed(_ raw: String) async throws {
        let response = try await client.get(raw)
        #expect([400, 404].contains(response.status), "\(raw) → \(response.status)")
        #expect(!response.text.contains("outside the site"))
        #expect(!response.text.contains("root:x:0:0"))
        #expect(!response.text.contains("alert: AppDown"))
        await finish()
    }

    @Test func theServerStaysUpAfterMalformedRequests() async throws {
        _ = try? await client.get("/%")
        _ = try? await client.get("/\u{7f}")
        #expect(try await client.get("/").status == 200)
        await finish()
    }
}

@Suite struct BasePathTests {
    @Test func servesUnderTheBasePath() async throws {
        let site = TestSite(TestSite.fixture)
        defer { site.remove() }
        let server = site.server(basePath: "docs")
        let client = RawHTTPClient(port: try await server.start())
        #expect(server.url?.hasSuffix("/docs/") == true)
        let page = try await client.get("/docs/runbooks/app/appdown/")
        #expect(page.status == 200)
        // The site's own links carry the base path.
        #expect(page.text.contains("href=\"/docs/runbooks/"))
        #expect(try await client.get("/").header("Location") == "/docs/")
        #expect(try await client.get("/docs").header("Location") == "/docs/")
        #expect(try await client.get("/runbooks/app/appdown/").status == 404)
        await server.stop()
    }
}
