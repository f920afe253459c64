import Foundation

/// The real runbook site the project must build (`shared/corpus/srerun`), read-only. Found
/// through `RUNBOOK_CORPUS`, else in a `shared/` folder beside the repository or above it;
/// absent in a user's clone, where the corpus tests skip with a printed note.
public enum Corpus {
    public static let path: String = {
        if let configured = ProcessInfo.processInfo.environment["RUNBOOK_CORPUS"], !configured.isEmpty { return configured }
        // Tests/RunbookTestSupport/Corpus.swift → the repository, then each folder above it.
        var folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        for _ in 0..<4 {
            folder = folder.deletingLastPathComponent()
            let candidate = folder.appendingPathComponent("shared/corpus/srerun").path
            if FileManager.default.fileExists(atPath: candidate + "/content") { return candidate }
        }
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus/srerun").path
    }()

    public static var isAvailable: Bool {
        let present = FileManager.default.fileExists(atPath: path + "/content")
        if !present { print("note: skipping the corpus tests: \(path) is missing (set RUNBOOK_CORPUS, or check out ../shared beside the repository)") }
        return present
    }
}

/// Waits (polling) until `condition` holds; false after `timeout` seconds. For failing tests
/// only: no test asserts how long anything took.
public func eventually(timeout: TimeInterval = 60, _ condition: @Sendable () async throws -> Bool) async rethrows -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return try await condition()
}
