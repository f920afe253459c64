import Foundation

/// The `runbook` executable run as a user runs it, for the command-line tests.
public enum RunbookBinary {
    public struct Run: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
    }

    /// The binary `swift test` built beside the test bundle, or else the newest one in the
    /// package's build folders; nil when there is none.
    public static let path: String? = {
        let manager = FileManager.default
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let beside = bundle.appendingPathComponent("runbook").path
        if manager.isExecutableFile(atPath: beside) { return beside }
        let package = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let candidates = ((try? manager.contentsOfDirectory(atPath: package.path)) ?? [])
            .filter { $0.hasPrefix(".build") }
            .map { package.appendingPathComponent($0).appendingPathComponent("debug/runbook").path }
            .filter { manager.isExecutableFile(atPath: $0) }
        return candidates.max {
            let left = (try? manager.attributesOfItem(atPath: $0)[.modificationDate] as? Date) ?? .distantPast
            let right = (try? manager.attributesOfItem(atPath: $1)[.modificationDate] as? Date) ?? .distantPast
            return left < right
        }
    }()

    /// Runs the binary without colour and without `GITHUB_STEP_SUMMARY` unless `environment` sets it.
    public static func run(_ arguments: [String], in directory: String? = nil, environment: [String: String] = [:]) throws -> Run {
        guard let path else { throw CocoaError(.fileNoSuchFile) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        var variables = ProcessInfo.processInfo.environment
        variables["NO_COLOR"] = "1"
        variables["GITHUB_STEP_SUMMARY"] = nil
        for (key, value) in environment { variables[key] = value }
        process.environment = variables
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                   stderr: String(decoding: errData, as: UTF8.self))
    }
}
