import ArgumentParser
import RunbookKit

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Preview the site with live reload.")

    @OptionGroup var site: SiteOptions

    func run() async throws {
        Console.error("serve: not implemented yet")
        throw ExitCode(2)
    }
}
