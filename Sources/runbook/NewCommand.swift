import ArgumentParser
import RunbookKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "new",
        abstract: "Write runbook pages for alerts from their rule file.",
        discussion: """
            `runbook new rules/haproxy/haproxy.yml HaproxyDown` writes the page for one alert; without alert \
            names it writes a page for every alert of the file that has none yet. `runbook new rules/node` \
            does so for every rule file below a folder, `runbook new --all` for every rule file. Pages go \
            where the alert's runbook annotation points, or to <BookSection>/<rule file name>/<Alert>.md \
            (<folder>-<name> when rule files in different folders share a name).
            """)

    @Option(name: [.short, .long], help: ArgumentHelp("The site's source folder.", valueName: "dir"))
    var source: String = "."

    @Argument(help: ArgumentHelp("The rule file, or a folder of rule files, relative to the source folder or the rules folder.",
                                 valueName: "rule-file"))
    var ruleFile: String?

    @Flag(name: .long, help: "Write a page for every alert of every rule file that has none yet.")
    var all = false

    @Argument(help: ArgumentHelp("Alert names (default: every alert of the file without a page).", valueName: "alert"))
    var alerts: [String] = []

    @Flag(name: .long, help: "Replace pages that already exist.")
    var force = false

    @Flag(name: .long, help: "Print the pages instead of writing them.")
    var dryRun = false

    func validate() throws {
        if all && (ruleFile != nil || !alerts.isEmpty) {
            throw ValidationError("--all takes no rule file or alert names")
        }
        if !all && ruleFile == nil { throw ValidationError("name a rule file or folder, or pass --all") }
    }

    func run() throws {
        let siteOptions = try SiteOptions.parse(["--source", source])
        let config = try siteOptions.loadConfig()
        // One load and one reading of every page; nothing rendered.
        let (site, shown) = RunbookScaffold.survey(config: config, sourceDirectory: source)
        let selection: RunbookScaffold.Selection
        if all {
            selection = .all
        } else if let ruleFile, alerts.isEmpty, isFolder(ruleFile, rulesDir: config.rulesDir) {
            selection = .folder(ruleFile)
        } else {
            selection = .file(ruleFile ?? "")
        }
        let plans: [RunbookScaffold.Plan]
        do {
            plans = try RunbookScaffold.plan(selection, alerts: alerts, site: site, shown: shown)
        } catch {
            Console.error("error: \(error)")
            throw ExitCode(2)
        }
        if plans.isEmpty {
            Console.error("every alert of \(ruleFile ?? "the rule files") already has a page")
            return
        }
        var failed = false
        for plan in plans {
            if dryRun {
                Console.output("-- \(plan.path) --\n\(plan.text)")
                continue
            }
            switch RunbookKit.writeNewFile(plan.text, to: RunbookKit.joinedPath(source, plan.path), replacing: force) {
            case .success:
                Console.output("created \(plan.path) (\(plan.url))")
                if let hint = plan.annotationHint { Console.error("  hint: \(hint)") }
            case .failure(let message):
                Console.error("error: \(plan.path): \(message)")
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// A folder of rule files, named relative to the source folder or to the rules folder.
    private func isFolder(_ path: String, rulesDir: String) -> Bool {
        RunbookKit.isDirectory(RunbookKit.joinedPath(source, path))
            || RunbookKit.isDirectory(RunbookKit.joinedPath(source, RunbookKit.joinedPath(rulesDir, path)))
    }
}
