import Testing
@testable import RunbookServer

@Suite struct RequestPathTests {
    @Test(arguments: [
        "/../etc/passwd",
        "/runbooks/../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E/config.yaml",
        "/.%2e/config.yaml",
        "/..%2fconfig.yaml",
        "/%2e%2e%2fconfig.yaml",
        "/runbooks%2f..%2f..%2fconfig.yaml",
        "/%252e%252e/config.yaml",
        "/%25252e%25252e/config.yaml".replacingOccurrences(of: "%25252e", with: "%252e"),
        "/..\\config.yaml",
        "/%5c..%5cconfig.yaml",
        "/runbooks/%00/index.html",
        "/index.html%00.txt",
        "/%c0%ae%c0%ae/config.yaml",
        "/%2",
        "/%zz",
        "/./index.html",
        "relative/path",
    ])
    func refusesPathsThatCouldLeaveTheSite(_ raw: String) {
        #expect(throws: RequestPath.Refusal.self) { try RequestPath.parse(raw).get() }
    }

    @Test func decodesOnceAndSplits() throws {
        let path = try RequestPath.parse("/runbooks/mysql%20exporter//caf%C3%A9/").get()
        #expect(path.segments == ["runbooks", "mysql exporter", "café"])
        #expect(path.isDirectory)
        #expect(path.siteKey == "runbooks/mysql exporter/café/index.html")
    }

    @Test func rootIsTheHomePage() throws {
        #expect(try RequestPath.parse("/").get().siteKey == "index.html")
    }

    @Test func aFileKeepsItsName() throws {
        let path = try RequestPath.parse("/assets/runbook.css").get()
        #expect(!path.isDirectory)
        #expect(path.siteKey == "assets/runbook.css")
    }

    @Test func aPercentSignThatDecodesToNothingDangerousIsAllowed() throws {
        #expect(try RequestPath.parse("/files/100%25.png").get().segments == ["files", "100%.png"])
    }

    @Test func basePathIsStripped() throws {
        let path = try RequestPath.parse("/docs/runbooks/").get()
        #expect(path.relative(to: ["docs"])?.siteKey == "runbooks/index.html")
        #expect(path.relative(to: ["other"]) == nil)
    }
}
