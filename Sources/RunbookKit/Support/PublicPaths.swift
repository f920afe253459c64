/// Path helpers the command-line tool needs.
public func isDirectory(_ path: String) -> Bool { FileSystem.kind(of: path) == .directory }

public func joinedPath(_ base: String, _ relative: String) -> String { joinPath(base, relative) }

public enum NewFileResult: Equatable { case success, failure(String) }

/// Writes a new file (creating its folder); refuses to replace one unless asked.
public func writeNewFile(_ text: String, to path: String, replacing: Bool) -> NewFileResult {
    if !replacing && FileSystem.exists(path) { return .failure("already exists; pass --force to replace it") }
    do {
        try FileSystem.createDirectory(parentPath(path).isEmpty ? "." : parentPath(path))
        try FileSystem.write(Array(text.utf8), to: path)
        return .success
    } catch {
        return .failure(error.description)
    }
}
