import ArgumentParser
import Foundation
import RunbookKit
import RunbookLinkFetcher

#if canImport(Glibc)
import Glibc
#endif

/// `runbook lint`: the build pipeline plus every lint check, nothing written. The report goes to
/// stdout in the chosen format; exit 0 clean, 1 errors (or warnings with --strict), 2 bad usage
/// or configuration.
struct LintCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check the site without writing it.",
        discussion: """
            Runs the build's checks and the lint checks (links and anchors, rules against pages in both \
            directions, stale rule copies, required sections, front matter schema, placeholders, unsafe HTML) \
            and prints every finding at path:line:column. Nothing is written, except the link cache with --external. \
            `runbook lint --list-checks` lists every code; set a code's severity with --severity CODE=LEVEL \
            or in config.yaml under runbook.severity.
            """)

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, github, sarif, gitlab, rdjson
    }

    @OptionGroup var site: SiteOptions

    @Option(name: .long, help: ArgumentHelp("Report format: text, json, github (annotations, errors and changed files first, all in the step summary), sarif (2.1.0), gitlab (Code Quality) or rdjson (reviewdog).", valueName: "format"))
    var format: Format = .text

    @Flag(name: .long, help: "List every check's code, default severity and what it finds, then exit.")
    var listChecks = false

    @Flag(name: .long, help: "Also fetch external links (concurrent, rate-limited, cached; see runbook.externalLinks in config.yaml).")
    var external = false

    @Flag(name: .long, help: "Print how long each stage took (on stderr).")
    var timings = false

    func run() async throws {
        if listChecks {
            Console.output(Self.checkList(format: format))
            return
        }
        let start = ContinuousClock.now
        guard RunbookKit.isDirectory(site.source) else {
            Console.error("error: source folder '\(site.source)' does not exist")
            throw ExitCode(2)
        }
        let (config, configProblems) = ConfigLoader.load(sourceDirectory: site.source)
        if configProblems.contains(where: { $0.severity == .error }) {
            for line in TextReport.lines(configProblems, colour: Console.colourOnStderr) { Console.error(line) }
            throw ExitCode(2)
        }
        var options = try site.buildOptions()
        options.reportLintChecks = true
        options.renderTemplates = false  // lint reads the rendered Markdown, never the themed pages
        let result = BuildPipeline.run(config: config, options: options)
        let policy = result.config.severity.merging(options.severity)
        var diagnostics = policy.apply(to: configProblems) + result.diagnostics

        if external {
            let check = ExternalLinkCheck(settings: result.config.lint.externalLinks, sourceDirectory: site.source, fetcher: HTTPClientLinkFetcher())
            let report = await check.run(result: result)
            diagnostics += policy.apply(to: report.diagnostics)
            Console.error("external links: \(grouped(report.addresses)) addresses, \(grouped(report.fetched)) fetched, \(grouped(report.fromCache)) from the cache")
        }
        diagnostics.sort(by: Diagnostic.reportOrder)
        if timings {
            for (stage, seconds) in result.timings { Console.error(String(format: "  %-10@ %7.1f ms", stage, seconds * 1000)) }
        }

        let elapsed = ContinuousClock.now - start
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        let summary = LintSummary(diagnostics: diagnostics, pages: result.pageCount, rulesResolved: result.resolvedRuleCount,
                                  milliseconds: milliseconds)
        let prefix = Self.pathPrefix(forSource: site.source)
        switch format {
        case .text:
            let colour = isatty(1) == 1 && getenv("NO_COLOR") == nil
            var lines = TextReport.groupedByFile(diagnostics, colour: colour)
            if !lines.isEmpty { lines.append("") }
            lines += TextReport.lintSummary(summary)
            Console.output(lines.joined(separator: "\n"))
        case .json:
            Console.write(JSONReport.render(diagnostics, summary: summary), to: 1)
        case .sarif:
            Console.write(SARIFReport.render(diagnostics, pathPrefix: prefix, toolVersion: RunbookVersion.number), to: 1)
        case .github:
            let changed = PullRequestFiles.fromEnvironment()
            Console.write(GitHubAnnotations.render(diagnostics, pathPrefix: prefix, changedFiles: changed), to: 1)
            if let path = ProcessInfo.processInfo.environment["GITHUB_STEP_SUMMARY"], !path.isEmpty {
                Self.append(GitHubReport.stepSummary(diagnostics, summary: summary, pathPrefix: prefix), to: path)
            }
            Console.error(TextReport.lintSummary(summary)[0])
        case .gitlab:
            Console.write(GitLabCodeQualityReport.render(diagnostics, pathPrefix: prefix), to: 1)
        case .rdjson:
            Console.write(RDJSONReport.render(diagnostics, pathPrefix: prefix), to: 1)
        }
        if summary.fails(strict: site.strict) { throw ExitCode(1) }
    }

    /// `--list-checks`: every code, in the order of `DiagnosticCode.allCases`.
    static func checkList(format: Format) -> String {
        let codes = DiagnosticCode.allCases
        switch format {
        case .json, .sarif, .gitlab, .rdjson:
            return JSONValue.array(codes.map { code in
                .object([("code", .string(code.rawValue)), ("severity", .string(code.defaultSeverity.rawValue)),
                         ("stage", .string(code.stage.rawValue)), ("summary", .string(code.summary)), ("help", .string(code.help))])
            }).text()
        case .text, .github:
            let width = codes.map(\.rawValue.count).max() ?? 0
            return codes.map { code in
                code.rawValue.padding(toLength: width + 2, withPad: " ", startingAt: 0)
                    + code.defaultSeverity.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)
                    + code.summary
            }.joined(separator: "\n")
        }
    }

    /// The source folder as a prefix for paths in GitHub annotations and SARIF, which resolve
    /// paths against the repository (the working directory in CI): `docs/` for `-s docs`.
    static func pathPrefix(forSource source: String) -> String {
        var path = source
        if path.hasPrefix("/") {
            let current = FileManager.default.currentDirectoryPath
            guard path.hasPrefix(current + "/") || path == current else { return path.hasSuffix("/") ? path : path + "/" }
            path = String(path.dropFirst(current.count))
        }
        while path.hasPrefix("./") { path.removeFirst(2) }
        while path.hasPrefix("/") { path.removeFirst() }
        while path.hasSuffix("/") { path.removeLast() }
        if path.isEmpty || path == "." { return "" }
        return path + "/"
    }

    /// GitHub collects a step's summary from appends to the file it names.
    static func append(_ text: String, to path: String) {
        guard let handle = FileHandle(forWritingAtPath: path) ?? {
            _ = FileManager.default.createFile(atPath: path, contents: nil)
            return FileHandle(forWritingAtPath: path)
        }() else {
            Console.error("warning: cannot write the step summary to \(path)")
            return
        }
        defer { try? handle.close() }
        _ = try? handle.seekToEnd()
        try? handle.write(contentsOf: Data(text.utf8))
    }
}
