#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

extension FileSystem {
    /// A folder that paths are made under. Held open (`open`), paths are resolved from its
    /// descriptor (`mkdirat`, `openat`): the kernel walks only the part below it, where a whole
    /// path walked the folder's own path again for every file. Its path names it in messages,
    /// made only when one is needed, and is joined to each path when it could not be opened.
    struct Folder: Sendable {
        /// "" for the working folder.
        let path: String
        /// `AT_FDCWD` when not held open.
        let descriptor: Int32

        /// Paths taken as they are, from the working folder.
        static let working = Folder(path: "", descriptor: AT_FDCWD)

        /// The folder held open, not following a symlink at its last component; when it cannot
        /// be opened, a folder whose paths are joined to `path` instead.
        static func open(_ path: String) -> Folder {
            let descriptor = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            return Folder(path: path, descriptor: descriptor >= 0 ? descriptor : AT_FDCWD)
        }

        var isOpen: Bool { descriptor != AT_FDCWD }

        func close() {
            if isOpen { _ = Glibc.close(descriptor) }
        }

        /// `relative` as messages name it.
        func whole(_ relative: String) -> String { path.isEmpty ? relative : joinPath(path, relative) }

        /// `relative` as the system calls take it, beside `descriptor`.
        private func resolved(_ relative: String) -> String { isOpen ? relative : whole(relative) }

        /// `mkdir -p` of `relative`.
        func createDirectory(_ relative: String) throws(Failure) {
            let target = resolved(relative)
            func failure(_ code: Int32) -> Failure { Failure(path: whole(relative), operation: "create folder", code: code) }
            if mkdirat(descriptor, target, 0o755) == 0 { return }
            if errno == EEXIST {
                var info = stat()
                if fstatat(descriptor, target, &info, 0) == 0, info.st_mode & S_IFMT == S_IFDIR { return }
                throw failure(ENOTDIR)
            }
            guard errno == ENOENT else { throw failure(errno) }
            let parent = parentPath(relative)
            guard parent != relative, !parent.isEmpty else { throw failure(ENOENT) }
            try createDirectory(parent)
            if mkdirat(descriptor, target, 0o755) != 0 && errno != EEXIST { throw failure(errno) }
        }

        /// `FileSystem.writeNew` at `relative`.
        @discardableResult
        func writeNew(_ bytes: [UInt8], at relative: String) throws(Failure) -> stat? {
            try create(relative) { file in bytes.withUnsafeBytes { writeAll($0, to: file) } }
        }

        /// `FileSystem.writeNew(parts:to:)` at `relative`.
        @discardableResult
        func writeNew(parts: [ArraySlice<UInt8>], at relative: String) throws(Failure) -> stat? {
            try create(relative) { file in
                for part in parts {
                    let failure = part.withUnsafeBytes { writeAll($0, to: file) }
                    if failure != 0 { return failure }
                }
                return 0
            }
        }

        /// The new file, its contents written by `write` (0, or the `errno` it stopped at).
        private func create(_ relative: String, _ write: (Int32) -> Int32) throws(Failure) -> stat? {
            let target = resolved(relative)
            let file = openat(descriptor, target, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            guard file >= 0 else { throw Failure(path: whole(relative), operation: "create", code: errno) }
            var failure = write(file)
            // Written: the size and modification time are final (closing changes neither).
            var info = stat()
            let stamped = failure == 0 && fstat(file, &info) == 0
            // Close reports delayed write errors (NFS, some full disks).
            if Glibc.close(file) != 0, failure == 0 { failure = errno }
            if failure != 0 {
                unlinkat(descriptor, target, 0)
                throw Failure(path: whole(relative), operation: "write", code: failure)
            }
            return stamped ? info : nil
        }
    }
}
