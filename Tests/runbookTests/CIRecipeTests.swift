import Foundation
import RunbookKit
import RunbookTestSupport
import Testing
import Yams

/// The CI recipes under examples/ci work as pasted: each parses (YAML through Yams), installs
/// the version this runbook is, uses the official actions, and every `runbook` command in it
/// runs with exit 0 against the example wiki (the repository's config.yaml, content/, rules/).
@Suite(.serialized) struct CIRecipeTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let recipes = repository + "/examples/ci/"

    /// The example wiki in a folder of its own, so a recipe's `build` writes `public/` there.
    static func exampleWiki() throws -> String {
        let root = NSTemporaryDirectory() + "runbook-ci-" + UUID().uuidString
        let manager = FileManager.default
        try manager.createDirectory(atPath: root, withIntermediateDirectories: true)
        for item in ["config.yaml", "content", "rules", "templates"] where manager.fileExists(atPath: repository + "/" + item) {
            try manager.copyItem(atPath: repository + "/" + item, toPath: root + "/" + item)
        }
        return root
    }

    /// Every shell line of a GitHub workflow (`run:`) or a GitLab job (`before_script`, `script`).
    static func shellLines(_ node: Node) -> [String] {
        var lines: [String] = []
        func visit(_ node: Node, key: String?) {
            switch node {
            case .mapping(let mapping):
                for (name, value) in mapping { visit(value, key: name.string) }
            case .sequence(let sequence):
                for item in sequence { visit(item, key: key) }
            case .scalar(let scalar):
                if ["run", "script", "before_script", "after_script"].contains(key ?? "") {
                    lines += scalar.string.split(separator: "\n").map(String.init)
                }
            default:
                break
            }
        }
        visit(node, key: nil)
        return lines
    }

    /// The `runbook` commands in shell lines, as arguments: words split as the shell does for
    /// these simple lines, up to a redirection or `||`; variables the CI provides replaced.
    static func runbookCommands(_ lines: [String]) -> [[String]] {
        let values = ["${{ steps.pages.outputs.base_url }}": "https://example.org/runbooks", "${CI_PAGES_URL}": "https://example.org/runbooks"]
        return lines.compactMap { line in
            var text = line.trimmingCharacters(in: .whitespaces)
            if text.hasPrefix("- ") { text.removeFirst(2) }
            guard text.hasPrefix("runbook ") else { return nil }
            for (name, value) in values { text = text.replacingOccurrences(of: name, with: value) }
            var words: [String] = []
            var word = ""
            var quote: Character?
            for character in text {
                if let open = quote {
                    if character == open { quote = nil } else { word.append(character) }
                } else if character == "\"" || character == "'" {
                    quote = character
                } else if character == " " {
                    if !word.isEmpty { words.append(word); word = "" }
                } else {
                    word.append(character)
                }
            }
            if !word.isEmpty { words.append(word) }
            let end = words.firstIndex { [">", "||", "|", "&&", ";", "2>"].contains($0) } ?? words.count
            return Array(words[1..<end])
        }
    }

    static func load(_ file: String) throws -> Node {
        let text = try String(contentsOfFile: recipes + file, encoding: .utf8)
        return try #require(try Yams.compose(yaml: text))
    }

    /// Runs each command in a fresh copy of the example wiki; exit 0 is required, and the
    /// output of a machine format must be the report it names.
    static func runAll(_ commands: [[String]]) throws {
        for arguments in commands {
            let wiki = try exampleWiki()
            defer { try? FileManager.default.removeItem(atPath: wiki) }
            let run = try RunbookBinary.run(arguments, in: wiki)
            #expect(run.status == 0, "runbook \(arguments.joined(separator: " ")): \(run.stderr)")
            if arguments.contains("sarif") { #expect(run.stdout.contains("\"version\": \"2.1.0\"")) }
            if arguments.contains("gitlab") { #expect(run.stdout.hasPrefix("[")) }
            if arguments.first == "build" {
                let destination = arguments.firstIndex(of: "--destination").map { arguments[$0 + 1] } ?? "public"
                #expect(FileManager.default.fileExists(atPath: wiki + "/" + destination + "/index.html"))
            }
        }
    }

    @Test func gitHubWorkflow() throws {
        let workflow = try Self.load("github-actions.yml")
        #expect(workflow["env"]?["RUNBOOK_VERSION"]?.string == RunbookVersion.number)
        let text = try String(contentsOfFile: Self.recipes + "github-actions.yml", encoding: .utf8)
        for action in ["actions/checkout@", "github/codeql-action/upload-sarif@", "actions/configure-pages@",
                       "actions/upload-pages-artifact@", "actions/deploy-pages@"] {
            #expect(text.contains("uses: " + action), "\(action)")
        }
        #expect(workflow["jobs"]?["deploy"]?["permissions"]?["pages"]?.string == "write")
        let commands = Self.runbookCommands(Self.shellLines(workflow))
        #expect(commands.map { $0.prefix(3).joined(separator: " ") } == [
            "lint --format github", "lint --format sarif", "build --base-url https://example.org/runbooks/",
        ])
        try Self.runAll(commands)
    }

    @Test func gitLabJob() throws {
        let pipeline = try Self.load("gitlab-ci.yml")
        #expect(pipeline["variables"]?["RUNBOOK_VERSION"]?.string == RunbookVersion.number)
        #expect(pipeline["lint"]?["artifacts"]?["reports"]?["codequality"]?.string == "gl-code-quality-report.json")
        #expect(pipeline["pages"]?["artifacts"]?["paths"]?.array(of: String.self) == ["public"])
        let commands = Self.runbookCommands(Self.shellLines(pipeline))
        #expect(commands.map { $0.prefix(2).joined(separator: " ") } == ["lint --format", "build --destination", "build --base-url"])
        try Self.runAll(commands)
    }

    @Test func shellRecipe() throws {
        let text = try String(contentsOfFile: Self.recipes + "runbook-ci.sh", encoding: .utf8)
        #expect(text.contains("RUNBOOK_VERSION=${RUNBOOK_VERSION:-\(RunbookVersion.number)}"))
        let commands = Self.runbookCommands(text.split(separator: "\n").map(String.init))
        #expect(commands == [["--version"], ["lint"], ["build", "--destination", "public"]])
        try Self.runAll(commands)
    }
}
