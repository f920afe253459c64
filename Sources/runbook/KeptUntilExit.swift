import Foundation

/// What a command has finished with but need not free: the system takes a process' memory
/// back at once when it exits, where freeing a 100x build's 110,000 rendered pages one by one
/// took half a second after the site was written.
enum KeptUntilExit {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var values: [Any] = []

    static func keep(_ value: Any) { lock.withLock { values.append(value) } }
}
