import ArgumentParser
import RunbookKit

struct NewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "new", abstract: "Write a runbook page for an alert.")

    func run() throws {
        Console.error("new: not implemented yet")
        throw ExitCode(2)
    }
}
