import ArgumentParser
import RunbookKit

/// Options every command that reads a site shares.
struct SiteOptions: ParsableArguments {
    @Option(name: [.short, .long], help: ArgumentHelp("The site's source folder.", valueName: "dir"))
    var source: String = "."

    @Option(name: .long, parsing: .singleValue,
            help: ArgumentHelp("Set a diagnostic code's severity: error, warning, info or ignore (repeatable; overrides config.yaml).",
                               valueName: "code=level"))
    var severity: [String] = []

    @Flag(name: .long, help: "Fail on warnings too.")
    var strict = false

    @Flag(name: .long, help: "Include pages with `draft: true` or `published: false`.")
    var drafts = false

    func validate() throws {
        _ = try severityPolicy()
    }

    func severityPolicy() throws -> SeverityPolicy {
        var overrides: [String: SeveritySetting] = [:]
        for assignment in severity {
            switch SeverityPolicy.parseAssignment(assignment) {
            case .success(let (code, setting)): overrides[code] = setting
            case .failure(let error): throw ValidationError("--severity: \(error)")
            }
        }
        return SeverityPolicy(overrides: overrides)
    }

    /// The configuration, or exit 2 after printing why it cannot be read.
    func loadConfig() throws -> SiteConfig {
        guard RunbookKit.isDirectory(source) else {
            Console.error("error: source folder '\(source)' does not exist")
            throw ExitCode(2)
        }
        let (config, diagnostics) = ConfigLoader.load(sourceDirectory: source)
        for line in TextReport.lines(diagnostics, colour: Console.colourOnStderr) { Console.error(line) }
        if diagnostics.contains(where: { $0.severity == .error }) { throw ExitCode(2) }
        return config
    }

    func buildOptions() throws -> BuildOptions {
        var options = BuildOptions(sourceDirectory: source)
        options.severity = try severityPolicy()
        options.includeDrafts = drafts
        return options
    }
}
