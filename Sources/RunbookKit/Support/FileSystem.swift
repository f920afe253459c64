#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Plain POSIX file access. Foundation's `Data.write(to:)` fsyncs every file and its directory
/// walking is slow; a build reads and writes thousands of small files, so we use the syscalls.
enum FileSystem {
    struct Failure: Error, CustomStringConvertible {
        let path: String
        let operation: String
        let code: Int32
        var description: String { "cannot \(operation) \(path): \(String(cString: strerror(code)))" }
    }

    enum Kind { case file, directory, other }

    static func kind(of path: String) -> Kind? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool { kind(of: path) != nil }

    static func readBytes(_ path: String) throws(Failure) -> [UInt8] {
        switch try readBytes(path, limit: .max) {
        case .bytes(let bytes): bytes
        case .tooLarge: []
        }
    }

    /// A file of the cache folder (a build's record or state), which the source folder and so a
    /// pull request may hold, read only up to this size: larger is not one this tool wrote
    /// (the record of 110,000 pages is about 25 MB), and is ignored.
    static let cacheFileLimit = 512 << 20

    /// The bytes of a cache file, or nil when it is missing, unreadable or over `cacheFileLimit`.
    static func readCacheFile(_ path: String) -> [UInt8]? {
        guard case .bytes(let bytes)? = try? readBytes(path, limit: cacheFileLimit) else { return nil }
        return bytes
    }

    /// At most the first `count` bytes of a file (fewer when it is shorter), or nil when it
    /// cannot be read: for a caller that needs only a file's first lines.
    static func readPrefix(_ path: String, count: Int) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0, count > 0 else {
            if descriptor >= 0 { close(descriptor) }
            return descriptor >= 0 ? [] : nil
        }
        defer { close(descriptor) }
        var failed = false
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var filled = 0
            while filled < count, let base = buffer.baseAddress {
                let got = read(descriptor, base + filled, count - filled)
                if got < 0 && errno == EINTR { continue }
                if got < 0 { failed = true }
                if got <= 0 { break }
                filled += got
            }
            initialized = filled
        }
        return failed ? nil : bytes
    }

    enum ReadOutcome {
        case bytes([UInt8])
        /// The file's size, over the limit: nothing was read.
        case tooLarge(Int)
    }

    /// A file's bytes, or its size when that is over `limit`, known from the open file (no
    /// `stat` by path first: a build reads every page). Read to the end, into one buffer.
    static func readBytes(_ path: String, limit: Int) throws(Failure) -> ReadOutcome {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "open", code: errno) }
        defer { close(descriptor) }
        var info = stat()
        var capacity = 64 * 1024
        // The size a regular file has now: once that much is read, the read that would find
        // the end is skipped (a file that grows meanwhile is read as it was; its next digest
        // differs). Zero for other files, which are read to the end.
        var expected = 0
        if fstat(descriptor, &info) == 0, info.st_size > 0 {
            if Int(info.st_size) > limit { return .tooLarge(Int(info.st_size)) }
            capacity = Int(info.st_size) + 1
            if info.st_mode & S_IFMT == S_IFREG { expected = Int(info.st_size) }
        }
        if expected > 0 {
            // Read straight into the array's storage: zero-filling it first touched every page twice.
            var failure: Int32 = 0
            let bytes = [UInt8](unsafeUninitializedCapacity: expected) { buffer, initialized in
                var count = 0
                while count < expected, let base = buffer.baseAddress {
                    let got = read(descriptor, base + count, expected - count)
                    if got < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        break
                    }
                    if got == 0 { break }
                    count += got
                }
                initialized = count
            }
            if failure != 0 { throw Failure(path: path, operation: "read", code: failure) }
            return .bytes(bytes)
        }
        var result = [UInt8]()
        var count = 0
        while true {
            if count == result.count { result += [UInt8](repeating: 0, count: max(capacity - count, 4096)) }
            let got = result.withUnsafeMutableBytes { read(descriptor, $0.baseAddress.map { $0 + count }, $0.count - count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw Failure(path: path, operation: "read", code: errno)
            }
            if got == 0 { break }
            count += got
        }
        result.removeLast(result.count - count)
        return .bytes(result)
    }

    /// Writes without fsync; the caller creates the parent folder. An existing file is unlinked
    /// first rather than truncated: ext4 flushes a file truncated to zero when it is closed
    /// (its `auto_da_alloc` heuristic), which made rewriting a site twice as slow.
    static func write(_ bytes: some Collection<UInt8>, to path: String) throws(Failure) {
        if unlink(path) != 0 && errno != ENOENT { throw Failure(path: path, operation: "replace", code: errno) }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw Failure(path: path, operation: "create", code: errno) }
        defer { close(descriptor) }
        let result = bytes.withContiguousStorageIfAvailable { writeAll(UnsafeRawBufferPointer($0), to: descriptor) }
            ?? Array(bytes).withUnsafeBytes { writeAll($0, to: descriptor) }
        if result != 0 { throw Failure(path: path, operation: "write", code: result) }
    }

    /// `mkdir -p`.
    static func createDirectory(_ path: String) throws(Failure) {
        try Folder.working.createDirectory(path)
    }

    static func removeFile(_ path: String) throws(Failure) {
        if unlink(path) != 0 && errno != ENOENT { throw Failure(path: path, operation: "remove", code: errno) }
    }

    /// Removes a folder if it is empty; says whether it did.
    @discardableResult
    static func removeEmptyDirectory(_ path: String) -> Bool { rmdir(path) == 0 }

    /// Entries of one folder, sorted by name, without `.` and `..`.
    /// - Parameter sorted: by name (false: in the folder's own order, for a caller that
    ///   collects them into a set: sorting by String comparison was most of walking a site).
    static func entries(of directory: String, sorted: Bool = true) -> [Entry] {
        entriesIfReadable(of: directory, sorted: sorted) ?? []
    }

    typealias Entry = (name: String, kind: Kind, isLink: Bool, identity: FileIdentity?)

    /// Entries of one folder, sorted by name, or nil when it cannot be opened.
    /// - Parameter identities: give each file and folder its identity (what it resolves to),
    ///   asked relative to the open folder: a `stat` by full path resolved every folder of
    ///   the path again, for every page of the site, before any page was read.
    static func entriesIfReadable(of directory: String, sorted: Bool = true, identities: Bool = false) -> [Entry]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var result: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var kind: Kind
            var isLink = false
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_LNK):
                isLink = true
                kind = Self.kind(of: directory + "/" + name) ?? .other
            default:
                // No type from readdir (some file systems): ask, without taking a symlink for its target.
                isLink = ownKind(of: directory + "/" + name) == .other && Self.isSymlink(directory + "/" + name)
                kind = Self.kind(of: directory + "/" + name) ?? .other
            }
            var identity: FileIdentity?
            if identities, kind != .other {
                var info = stat()
                if fstatat(dirfd(handle), name, &info, 0) == 0 { identity = FileIdentity(info) }
            }
            result.append((name, kind, isLink, identity))
        }
        return sorted ? result.sorted { $0.name < $1.name } : result
    }

    /// Creates a new file, refusing to replace anything or to follow a symlink at `path`
    /// (`O_EXCL | O_NOFOLLOW`): what the writer uses inside its staging folder. A short write
    /// (disk full) removes the partial file.
    /// - Returns: the new file's `stat`, taken from its descriptor (nil if that failed): the
    ///   build record's stamp without a later `stat` by path.
    @discardableResult
    static func writeNew(_ bytes: [UInt8], to path: String) throws(Failure) -> stat? {
        try Folder.working.writeNew(bytes, at: path)
    }

    /// `writeNew` of the parts one after the other, for a file made of large pieces that
    /// would otherwise be joined in memory only to be written.
    @discardableResult
    static func writeNew(parts: [ArraySlice<UInt8>], to path: String) throws(Failure) -> stat? {
        try Folder.working.writeNew(parts: parts, at: path)
    }

    /// Writes all of `buffer`, again after a short or interrupted write; 0, or the `errno` of
    /// the write that failed.
    static func writeAll(_ buffer: UnsafeRawBufferPointer, to descriptor: Int32) -> Int32 {
        guard let base = buffer.baseAddress else { return 0 }  // nothing to write
        var offset = 0
        while offset < buffer.count {
            let written = Glibc.write(descriptor, base + offset, buffer.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return errno
            }
            offset += written
        }
        return 0
    }

    /// Reads a file without following a symlink at its last component.
    static func readBytesNoFollow(_ path: String) -> [UInt8]? {
        var info = stat()
        guard lstat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return try? readBytes(path)
    }

    static func isSymlink(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// Kind of the entry itself, a symlink not followed (`.other`).
    static func ownKind(of path: String) -> Kind? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func rename(_ from: String, to: String) throws(Failure) {
        if Glibc.rename(from, to) != 0 { throw Failure(path: from, operation: "move \(to) into place from", code: errno) }
    }

    /// A hard link: the writer keeps an unchanged file by linking it into the new site.
    static func link(_ existing: String, to path: String) -> Bool { Glibc.link(existing, path) == 0 }

    /// Removes a file, symlink or folder tree without following any symlink in it.
    static func removeTree(_ path: String) {
        guard let kind = ownKind(of: path) else { return }
        if kind == .directory {
            for entry in entries(of: path) { removeTree(path + "/" + entry.name) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }

    /// The canonical absolute path, symlinks resolved.
    static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func currentDirectory() -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buffer, buffer.count) != nil else { return "." }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// What a path resolves to: its device and inode, the same for every link to one file.
struct FileIdentity: Hashable, Sendable {
    let device: UInt64
    let inode: UInt64

    init(_ info: stat) {
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}

/// `a/b/c` → `a/b`; `c` → ``. Over bytes, as the file system reads a path: a `/` followed by
/// a combining mark is one Character but still a separator (a Character scan missed it).
func parentPath(_ path: String) -> String {
    let utf8 = path.utf8
    guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")) else { return "" }
    if slash == utf8.startIndex { return "/" }
    return String(path[..<slash])
}

/// A path's segments between `/` bytes, as the file system splits it. `split(separator: "/")`
/// on a String splits at `/` Characters and keeps `/` + combining mark inside a segment, so
/// `../\u{301}x` was one harmless-looking segment that the kernel reads as `..` and `\u{301}x`.
func pathSegments(_ path: some StringProtocol, omittingEmpty: Bool = true) -> [Substring] {
    let text = Substring(path)
    return text.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: omittingEmpty).map { Substring($0) }
}

/// Joins path parts with single slashes.
func joinPath(_ base: String, _ relative: String) -> String {
    // The Character tests (`hasPrefix`, `hasSuffix`) run only when the byte is a slash: a
    // combining mark after it makes another Character, and that answer stays theirs.
    if base.isEmpty || (relative.utf8.first == UInt8(ascii: "/") && relative.hasPrefix("/")) { return relative }
    if relative.isEmpty { return base }
    let slash = base.utf8.last == UInt8(ascii: "/") && base.hasSuffix("/") ? 0 : 1
    // Written once into the String's storage: appending (`base + "/" + relative`, or into a
    // reserved String) cost ~300 instructions an append, and a build joins 35,000 paths.
    return base.withUTF8Buffer { head in
        relative.withUTF8Buffer { tail in
            String(unsafeUninitializedCapacity: head.count + slash + tail.count) { out in
                UnsafeMutableRawBufferPointer(out).copyMemory(from: UnsafeRawBufferPointer(head))
                if slash == 1 { out[head.count] = UInt8(ascii: "/") }
                UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(out)[(head.count + slash)...])
                    .copyMemory(from: UnsafeRawBufferPointer(tail))
                return head.count + slash + tail.count
            }
        }
    }
}

/// An absolute, lexically normalised path (`.`/`..` folded) for `path` relative to `base`.
func absolutePath(_ path: String, relativeTo base: String) -> String {
    let joined = path.hasPrefix("/") ? path : joinPath(base, path)
    var parts: [Substring] = []
    for part in pathSegments(joined) {
        if part == "." { continue }
        if part == ".." { if !parts.isEmpty { parts.removeLast() }; continue }
        parts.append(part)
    }
    return "/" + parts.joined(separator: "/")
}
