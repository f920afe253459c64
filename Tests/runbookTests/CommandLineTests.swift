import Foundation
import Testing
import RunbookTestSupport

/// The `runbook` binary run as a user runs it: exit status, stderr, and what lands on disk.
@Suite struct CommandLineTests {
    static func run(_ arguments: [String], in directory: String? = nil) throws -> RunbookBinary.Run {
        try RunbookBinary.run(arguments, in: directory)
    }

    static func site(_ files: [String: String]) -> String {
        let root = NSTemporaryDirectory() + "runbook-cli-" + UUID().uuidString
        for (path, text) in files {
            let full = root + "/" + path
            try? FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: full, contents: Data(text.utf8))
        }
        return root
    }

    static let rules = "groups:\n  - name: A\n    rules:\n      - alert: Up\n        expr: up == 0\n"

    @Test func buildWritesTheSiteAndARebuildWritesNothing() throws {
        let root = Self.site(["content/a.md": "# A\n", "rules/a.yml": Self.rules])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try Self.run(["build", "-s", root])
        #expect(first.status == 0)
        #expect(first.stderr.contains("1 page, 0 rules resolved, 0 errors, 0 warnings in "))
        #expect(FileManager.default.fileExists(atPath: root + "/public/a/index.html"))
        let second = try Self.run(["build", "--source", root])
        #expect(second.status == 0)
        #expect(second.stderr.contains("(nothing changed since the last build; 0 written)"))
        // A file someone touched in the destination is put back by the next build.
        FileManager.default.createFile(atPath: root + "/public/a/index.html", contents: Data("tampered".utf8))
        let third = try Self.run(["build", "--source", root])
        #expect(third.stderr.contains("(1 written, "))
        #expect(try String(contentsOfFile: root + "/public/a/index.html", encoding: .utf8).contains("<h1"))
        // An edited page is a real build again.
        FileManager.default.createFile(atPath: root + "/content/a.md", contents: Data("# A\n\nMore.\n".utf8))
        let fourth = try Self.run(["build", "--source", root])
        #expect(fourth.stderr.contains("written, "))
        #expect(!fourth.stderr.contains("nothing changed"))
    }

    @Test func aNoOpBuildRepeatsTheWarningsOfTheBuildItSkips() throws {
        let root = Self.site(["content/a.md": "{{% rule \"a.yml\" \"Dwn\" %}}\n", "rules/a.yml": Self.rules])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try Self.run(["build", "-s", root, "--severity", "rule-not-found=warning"])
        let second = try Self.run(["build", "-s", root, "--severity", "rule-not-found=warning"])
        #expect(second.stderr.contains("nothing changed"))
        #expect(first.stderr.split(separator: "\n").first == second.stderr.split(separator: "\n").first)
        #expect(second.stderr.hasPrefix("content/a.md:1:1: warning: alert \"Dwn\" is not defined in rules/a.yml [rule-not-found]"))
        // Other severities are other inputs: a real build that fails.
        #expect(try Self.run(["build", "-s", root]).status == 1)
    }

    /// With a record, rule files are parsed only once the inputs differ from it: the build
    /// after an edit still resolves rules and reports a rule file's problem once.
    @Test func aBuildAfterAnEditParsesTheRuleFilesOnce() throws {
        let root = Self.site(["content/a.md": "{{% rule \"a.yml\" \"Up\" %}}\n", "rules/a.yml": Self.rules,
                              "rules/b.yml": "groups: [\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let lenient = ["--severity", "rule-file-invalid=warning"]
        let first = try Self.run(["build", "-s", root] + lenient)
        #expect(first.status == 0)
        FileManager.default.createFile(atPath: root + "/content/a.md", contents: Data("{{% rule \"a.yml\" \"Up\" %}}\n\nMore.\n".utf8))
        let second = try Self.run(["build", "-s", root] + lenient)
        #expect(second.status == 0)
        #expect(second.stderr.contains("1 page, 1 rule resolved, 0 errors, 1 warning in "), "\(second.stderr)")
        #expect(second.stderr.components(separatedBy: "[rule-file-invalid]").count == 2, "\(second.stderr)")
    }

    @Test func errorsExitOneAndWriteNothing() throws {
        let root = Self.site(["content/a.md": "---\ntitle: A\n---\n{{% rule \"a.yml\" \"Dwn\" %}}\n", "rules/a.yml": Self.rules])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Self.run(["build", "-s", root, "-d", root + "/out"])
        #expect(run.status == 1)
        #expect(run.stderr.hasPrefix("content/a.md:4:1: error: alert \"Dwn\" is not defined in rules/a.yml [rule-not-found]\n1 page, 0 rules resolved, 1 error, 0 warnings in "))
        #expect(run.stderr.hasSuffix("; nothing written\n"))
        #expect(!FileManager.default.fileExists(atPath: root + "/out"))
        // Downgraded on the command line, the same site builds.
        let downgraded = try Self.run(["build", "-s", root, "-d", root + "/out", "--severity", "rule-not-found=warning"])
        #expect(downgraded.status == 0)
        #expect(downgraded.stderr.contains(": warning: alert \"Dwn\""))
        // --strict makes the warning fail again.
        let strict = try Self.run(["build", "-s", root, "--severity", "rule-not-found=warning", "--strict"])
        #expect(strict.status == 1)
    }

    @Test func configSeveritiesApplyAndTheCommandLineWins() throws {
        let root = Self.site(["content/a.md": "{{% rule \"a.yml\" \"Dwn\" %}}\n", "rules/a.yml": Self.rules,
                              "config.yaml": "runbook:\n  severity:\n    rule-not-found: ignore\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try Self.run(["build", "-s", root]).status == 0)
        #expect(try Self.run(["build", "-s", root, "--severity", "rule-not-found=error"]).status == 1)
    }

    @Test func badUsageAndBadConfigExitTwo() throws {
        let root = Self.site(["content/a.md": "# A\n", "config.yaml": "title: x\nbaseURL: [\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let config = try Self.run(["build", "-s", root])
        #expect(config.status == 2)
        #expect(config.stderr.hasPrefix("config.yaml:3:1: error: config is not valid YAML: "))
        let severity = try Self.run(["build", "-s", root, "--severity", "rule-not-fond=warning"])
        #expect(severity.status == 2)
        #expect(severity.stderr.contains("unknown diagnostic code 'rule-not-fond' (did you mean 'rule-not-found'?)"))
        #expect(try Self.run(["build", "--no-such-flag"]).status == 2)
        #expect(try Self.run(["build", "-s", root + "/missing"]).status == 2)
    }

    @Test func refusesToWriteIntoTheSourceFolder() throws {
        let root = Self.site(["content/a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let run = try Self.run(["build", "-s", root, "-d", root])
        #expect(run.status == 2)
        #expect(run.stderr.contains("refusing to write the site into"))
        #expect(FileManager.default.fileExists(atPath: root + "/content/a.md"))
    }
}
