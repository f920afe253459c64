/// What one build kept per content path, for the next build to look up. The next build nearly
/// always lists the same paths in the same order (an edit changes a file, not the list), and
/// its unchanged pages share their path strings with this build's, so comparing the two lists
/// is a pointer check per path: then a lookup is by position. Only when the list changed are
/// the paths hashed into a table (hashing every path on every rebuild was a fifth of `serve`'s
/// no-change rebuild).
///
/// A looked-up value is a candidate, as it was from a dictionary: callers still check that it
/// was made from the same inputs before they reuse it.
struct PathTable<Value: Sendable>: Sendable {
    private let paths: [String]
    private let values: [Value?]

    init() {
        paths = []
        values = []
    }

    /// - Parameters: `values[i]` belongs to `paths[i]`; nil where nothing was kept (a path
    ///   beyond the end of `values` has nothing kept).
    init(paths: [String], values: [Value?]) {
        self.paths = paths
        self.values = values
    }

    /// A lookup by position in `newPaths` (the next build's items, in its order). Where a path
    /// appears twice, a changed list finds the first one's value.
    func lookup(for newPaths: [String]) -> @Sendable (Int) -> Value? {
        let values = self.values
        if newPaths == paths { return { $0 < values.count ? values[$0] : nil } }
        var position: [String: Int] = [:]
        position.reserveCapacity(paths.count)
        for (index, path) in paths.enumerated() where position[path] == nil { position[path] = index }
        let table = position
        return { index in table[newPaths[index]].flatMap { $0 < values.count ? values[$0] : nil } }
    }
}
