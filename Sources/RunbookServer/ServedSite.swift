import RunbookKit
import Synchronization

/// The site as the server currently serves it: the files of the last good build, each with
/// the build generation in which it last changed (its ETag), and the errors of the latest
/// build when it failed. Swapped whole under a lock, so a request sees one build or the next,
/// never a mix.
final class ServedSite: Sendable {
    struct Snapshot: Sendable {
        var files: [String: OutputFile] = [:]
        /// Output path → generation of the build that last changed it.
        var generations: [String: Int] = [:]
        /// The errors of the latest build, if it failed (the files are then the last good ones).
        var errors: [Diagnostic] = []
        var generation = 0
        /// Whether the site ever built without errors.
        var hasBuilt = false
    }

    private let current = Mutex(Snapshot())

    var snapshot: Snapshot { current.withLock { $0 } }

    /// Takes in a build's outcome; returns the new generation.
    @discardableResult
    func apply(_ update: BuildSession.Update) -> Int {
        current.withLock { current in
            var next = current
            next.generation += 1
            next.files = update.files
            for path in update.changedPaths {
                if update.files[path] != nil {
                    next.generations[path] = next.generation
                } else {
                    next.generations[path] = nil
                }
            }
            next.errors = update.diagnostics.filter { $0.severity == .error }
            if !update.hasErrors { next.hasBuilt = true }
            current = next
            return next.generation
        }
    }
}
