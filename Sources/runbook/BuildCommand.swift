import Foundation
import ArgumentParser
import RunbookKit

struct BuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the site into the destination folder (public/ by default).",
        discussion: "Nothing is written unless every page built without errors; then only changed files are written and files no longer produced are removed.")

    @OptionGroup var site: SiteOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Where to write the site (default: config's publishDir, public/).", valueName: "dir"))
    var destination: String?

    @Option(name: .long, help: ArgumentHelp("Override config.yaml's baseURL.", valueName: "url"))
    var baseURL: String?

    @Flag(name: .long, help: "Let runbook replace the contents of a destination it did not create.")
    var cleanDestination = false

    @Option(name: .long, help: ArgumentHelp("Where build state is kept (default: .runbook-cache/ in the source folder); never inside the destination.", valueName: "dir"))
    var cacheDir: String?

    @Flag(name: .long, help: "Print how long each stage took.")
    var timings = false

    func run() throws {
        let start = ContinuousClock.now
        let config = try site.loadConfig()
        var options = try site.buildOptions()
        options.baseURL = baseURL
        options.toolVersion = Runbook.configuration.version
        let folder = destination ?? RunbookKit.joinedPath(site.source, config.publishDir)
        let cache = cacheDir ?? RunbookKit.joinedPath(site.source, ".runbook-cache")
        // The default cache is inside the source folder, which the writer already keeps the destination out of.
        if cacheDir != nil, let problem = BuildManifest.cacheProblem(cache: cache, destination: folder) {
            Console.error("error: \(problem)")
            throw ExitCode(2)
        }
        // The record of the build that wrote the destination, if its files are intact: read on
        // another core while the sources load. With the same inputs, the build says so and stops.
        let recorded = Background { () -> BuildManifest? in
            guard let manifest = BuildManifest.read(cache: cache, destination: folder), manifest.outputsIntact(in: folder) else { return nil }
            return manifest
        }
        options.previousBuildLater = { recorded.value ?? nil }
        let source = site.source
        let protected = [config.contentDir, config.rulesDir, config.templatesDir, config.staticDir]
        let takeOver = cleanDestination
        options.strict = site.strict
        // What the destination holds, walked on another core while the pages are read and
        // rendered (a folder per page: the walk was a tenth of a one-page build). Only a
        // destination that holds its last build intact is walked ahead: any other is checked
        // first by the writer, which refuses the root folder, the sources' folders and
        // folders of someone else's files before it walks them.
        let listing = BackgroundOnDemand { SiteWriter.Listing.of(folder) }
        options.willWrite = { if (recorded.value ?? nil) != nil { listing.start() } }
        options.openDestination = { wanted in
            // The files the last build published, so the writer moves into place only those that change.
            let earlier = (recorded.value ?? nil)?.published
            return try SiteWriter.open(destination: folder, sourceDirectory: source, protected: protected, takeOver: takeOver,
                                       wanted: wanted, isOurs: { BuildManifest.hasRecord(cache: cache, destination: $0) },
                                       earlier: earlier, stampsChecked: earlier != nil, listing: listing.value)
        }
        options.recordBuild = { manifest in try manifest.save(cache: cache, destination: folder) }
        options.stateLocation = (cache, folder)
        let result = BuildPipeline.run(config: config, options: options)
        KeptUntilExit.keep(result)
        let colour = Console.colourOnStderr
        for line in TextReport.lines(result.diagnostics, colour: colour) { Console.error(line) }

        var note = "; nothing written"
        if let report = result.writeReport {
            note = " (\(grouped(report.written)) written, \(grouped(report.unchanged)) unchanged, \(grouped(report.removed)) removed)"
        } else if result.unchanged && !result.fails(strict: site.strict) {
            note = " (nothing changed since the last build; 0 written)"
        } else if let refusal = result.writeError {
            Console.error("error: \(refusal)")
            if case .failed = refusal { throw ExitCode(1) }
            throw ExitCode(2)
        }
        if timings {
            for (stage, seconds) in result.timings {
                Console.error("  " + stage.padding(toLength: 14, withPad: " ", startingAt: 0) + String(format: "%8.1f ms", seconds * 1000))
            }
        }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        Console.error(TextReport.summary(pages: result.pageCount, rules: result.resolvedRuleCount, errors: result.errorCount,
                                         warnings: result.warningCount, milliseconds: milliseconds) + note)
        if result.fails(strict: site.strict) { throw ExitCode(1) }
    }
}
