/// Walks a folder tree in sorted order, skipping what editors and version control leave behind,
/// and refusing to follow symlinks that lead outside the tree.
public struct FileTree {
    struct Entry {
        /// Path relative to the walked root, with `/` separators.
        let relativePath: String
        /// A symlink whose target lies outside the root; listed, never read.
        let leavesRoot: Bool
    }

    let root: String

    /// Regular files below `root`, sorted by path.
    func files() -> [Entry] {
        guard FileSystem.kind(of: root) == .directory else { return [] }
        let realRoot = FileSystem.realPath(root) ?? root
        var result: [Entry] = []
        walk(relative: "", realRoot: realRoot, into: &result, depth: 0)
        return result
    }

    private func walk(relative: String, realRoot: String, into result: inout [Entry], depth: Int) {
        guard depth < 64 else { return }  // a symlink loop cannot recurse forever
        let directory = relative.isEmpty ? root : joinPath(root, relative)
        for entry in FileSystem.entries(of: directory) where !Self.isIgnored(entry.name) {
            let path = relative.isEmpty ? entry.name : relative + "/" + entry.name
            if entry.isLink {
                let target = FileSystem.realPath(joinPath(root, path)) ?? ""
                if !(target == realRoot || target.hasPrefix(realRoot + "/")) {
                    if entry.kind == .file { result.append(Entry(relativePath: path, leavesRoot: true)) }
                    continue
                }
            }
            switch entry.kind {
            case .file: result.append(Entry(relativePath: path, leavesRoot: false))
            case .directory: walk(relative: path, realRoot: realRoot, into: &result, depth: depth + 1)
            case .other: break
            }
        }
    }

    /// Hidden files, editor swap and backup files (`.x.swp`, `x~`, `#x#`, `.#x`).
    public static func isIgnored(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~") || (name.hasPrefix("#") && name.hasSuffix("#"))
            || name.hasSuffix(".swp") || name.hasSuffix(".tmp")
    }
}
