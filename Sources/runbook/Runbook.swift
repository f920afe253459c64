import ArgumentParser
import RunbookKit

#if canImport(Glibc)
import Glibc
#endif

/// `runbook`: build, serve and lint a repository of alert runbooks.
@main
struct Runbook: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "runbook",
        abstract: "Build, preview and lint a site of Prometheus alert runbooks.",
        discussion: """
            Reads config.yaml, content/, rules/ and templates/ from the source folder (the current folder \
            unless --source says otherwise). Exit status: 0 success, 1 the site has errors (or warnings \
            with --strict), 2 bad usage or unreadable configuration.
            """,
        version: RunbookVersion.description,
        subcommands: [BuildCommand.self, ServeCommand.self, LintCommand.self, NewCommand.self],
        defaultSubcommand: nil)

    /// ArgumentParser exits 64 on usage errors; our contract is 2.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let exit as ExitCode {
            Glibc.exit(exit.rawValue)
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                print(message)
                Glibc.exit(0)
            }
            Console.error(message)
            Glibc.exit(code == .validationFailure ? 2 : code.rawValue)
        }
    }
}
