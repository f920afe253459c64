import Testing
import RunbookKit
@testable import RunbookServer

@Suite struct LiveReloadScriptTests {
    @Test func insertsBeforeTheLastClosingBody() {
        let html = "<html><body><p>&lt;/body&gt; in text</p></BODY>\n</html>"
        let result = String(decoding: LiveReloadScript.inject("<script></script>", into: Array(html.utf8)), as: UTF8.self)
        #expect(result == "<html><body><p>&lt;/body&gt; in text</p><script></script></BODY>\n</html>")
    }

    @Test func appendsWhenThereIsNoBody() {
        let result = String(decoding: LiveReloadScript.inject("<s>", into: Array("<p>x</p>".utf8)), as: UTF8.self)
        #expect(result == "<p>x</p><s>")
    }

    @Test func tagNamesTheServer() {
        #expect(LiveReloadScript.tag(server: "abc", status: "404") == "<script src=\"/__runbook/live.js\" data-server=\"abc\" data-status=\"404\"></script>\n")
    }
}

/// The watcher ignores exactly what the site's walk ignores (`FileTree.isIgnored`).
@Suite struct WatchFilterTests {
    @Test(arguments: [".AppDown.md.swp", ".AppDown.md.swx", "AppDown.md~", ".#AppDown.md", "#AppDown.md#",
                      ".DS_Store", "x.tmp", ".git"])
    func ignoresEditorFiles(_ name: String) {
        #expect(FileTree.isIgnored(name))
    }

    @Test(arguments: ["AppDown.md", "_index.md", "app.yml", "layout.mustache", "MysqlTooManyConnections(>80%).md", "site.css"])
    func keepsSiteFiles(_ name: String) {
        #expect(!FileTree.isIgnored(name))
    }
}

@Suite struct ServerOptionsTests {
    @Test func basePaths() {
        #expect(ServerOptions.normalisedBasePath("") == "/")
        #expect(ServerOptions.normalisedBasePath("docs") == "/docs/")
        #expect(ServerOptions.normalisedBasePath("/docs//x/") == "/docs/x/")
    }

    @Test func loopback() {
        #expect(ServerOptions.isLoopback("127.0.0.1"))
        #expect(ServerOptions.isLoopback("localhost"))
        #expect(ServerOptions.isLoopback("::1"))
        #expect(!ServerOptions.isLoopback("0.0.0.0"))
        #expect(!ServerOptions.isLoopback("192.168.1.4"))
    }

    @Test func printedURL() {
        #expect(ServerOptions.url(host: "127.0.0.1", port: 1313, basePath: "/") == "http://127.0.0.1:1313/")
        #expect(ServerOptions.url(host: "::1", port: 8080, basePath: "docs") == "http://[::1]:8080/docs/")
    }
}
