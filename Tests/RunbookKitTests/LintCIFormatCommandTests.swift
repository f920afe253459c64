import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The CI side of the `runbook` binary: `--version`, and `--format github` putting the files a
/// pull request changes first (GITHUB_BASE_REF with git), `gitlab` and `rdjson` on the command line.
@Suite struct LintCIFormatCommandTests {
    static let binary = RunbookBinary.path

    @discardableResult
    static func git(_ arguments: [String], in directory: String) throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-c", "user.name=runbook test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main"] + arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func versionNamesTheCommit() throws {
        let run = try RunbookBinary.run(["--version"])
        #expect(run.status == 0)
        #expect(run.stdout == RunbookVersion.description + "\n")
        #expect(run.stdout.hasPrefix(RunbookVersion.number + " (commit "))
    }

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func gitHubAnnotatesChangedFilesFirst() throws {
        let site = LintFixture.site(["content/runbooks/db/Empty.md": ""])
        #expect(try Self.git(["init", "-q"], in: site.root) == 0)
        #expect(try Self.git(["add", "-A"], in: site.root) == 0)
        #expect(try Self.git(["commit", "-q", "-m", "base"], in: site.root) == 0)
        #expect(try Self.git(["update-ref", "refs/remotes/origin/main", "HEAD"], in: site.root) == 0)
        #expect(try Self.git(["checkout", "-q", "-b", "feature"], in: site.root) == 0)
        FileManager.default.createFile(atPath: site.path("content/runbooks/web/Zempty.md"), contents: Data())
        #expect(try Self.git(["add", "-A"], in: site.root) == 0)
        #expect(try Self.git(["commit", "-q", "-m", "change"], in: site.root) == 0)

        func emptyPages(_ environment: [String: String]) throws -> [String] {
            let run = try RunbookBinary.run(["lint", "-s", ".", "--format", "github"], in: site.root, environment: environment)
            return run.stdout.split(separator: "\n").map(String.init).filter { $0.contains("title=empty-page") }
                .map { $0.components(separatedBy: ",")[0] }
        }
        #expect(try emptyPages([:]) == ["::warning file=content/runbooks/db/Empty.md", "::warning file=content/runbooks/web/Zempty.md"])
        #expect(try emptyPages(["GITHUB_BASE_REF": "main"]) == ["::warning file=content/runbooks/web/Zempty.md", "::warning file=content/runbooks/db/Empty.md"])
        // A base git does not know: the usual order, no failure.
        #expect(try emptyPages(["GITHUB_BASE_REF": "nope"]) == ["::warning file=content/runbooks/db/Empty.md", "::warning file=content/runbooks/web/Zempty.md"])
    }

    @Test(.enabled(if: binary != nil, "the runbook binary is not built; run `swift build` first"))
    func gitlabAndRdjsonFormats() throws {
        let site = LintFixture.site(["content/runbooks/db/Empty.md": ""])
        let gitlab = try RunbookBinary.run(["lint", "-s", site.root, "--format", "gitlab"])
        #expect(gitlab.status == 0)
        let issues = try #require(try JSONSerialization.jsonObject(with: Data(gitlab.stdout.utf8)) as? [[String: Any]])
        let empty = try #require(issues.first { $0["check_name"] as? String == "empty-page" })
        #expect(empty["severity"] as? String == "minor")
        #expect((empty["location"] as? [String: Any])?["path"] as? String == site.root + "/content/runbooks/db/Empty.md")
        #expect((empty["fingerprint"] as? String)?.count == 16)
        let rdjson = try RunbookBinary.run(["lint", "-s", site.root, "--format", "rdjson"])
        #expect(rdjson.status == 0)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(rdjson.stdout.utf8)) as? [String: Any])
        let codes = (document["diagnostics"] as? [[String: Any]])?.compactMap { ($0["code"] as? [String: Any])?["value"] as? String }
        #expect(codes?.contains("empty-page") == true)
    }
}
