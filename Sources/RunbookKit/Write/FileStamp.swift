#if canImport(Glibc)
import Glibc
#endif

/// Size and modification time of a written file: if either differs, someone touched it.
public struct FileStamp: Sendable, Equatable {
    public let size: Int
    public let modified: Int

    public init(size: Int, modified: Int) {
        self.size = size
        self.modified = modified
    }

    /// The stamp of a file on disk, nil if it is missing.
    public static func of(_ path: String) -> FileStamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileStamp(info)
    }

    init(_ info: stat) {
        self.init(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }
}
