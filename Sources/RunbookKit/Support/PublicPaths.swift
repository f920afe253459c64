/// Path helpers the command-line tool needs.
public func isDirectory(_ path: String) -> Bool { FileSystem.kind(of: path) == .directory }

public func joinedPath(_ base: String, _ relative: String) -> String { joinPath(base, relative) }
