import ArgumentParser
import RunbookKit

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "lint", abstract: "Check the site without writing it.")

    @OptionGroup var site: SiteOptions

    func run() throws {
        Console.error("lint: not implemented yet")
        throw ExitCode(2)
    }
}
