import Foundation

/// The files a pull request changes, so `--format github` annotates them first. On a
/// `pull_request` run GitHub sets GITHUB_BASE_REF; `git diff --name-only --relative
/// origin/BASE...HEAD` names the files from the working directory, the same form as the
/// annotations' paths (the checkout needs the base branch: `fetch-depth: 0`). nil outside a pull
/// request or when git cannot say.
enum PullRequestFiles {
    static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Set<String>? {
        guard let base = environment["GITHUB_BASE_REF"], !base.isEmpty, !base.hasPrefix("-"),
              !base.contains(where: { $0.isWhitespace || $0 == "\0" }) else { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "diff", "--name-only", "--relative", "-z", "origin/\(base)...HEAD", "--"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        return Set(data.split(separator: 0).compactMap { String(bytes: $0, encoding: .utf8) })
    }
}
