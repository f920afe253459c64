import Foundation

/// Brings the destination folder in line with a build: writes the files whose bytes changed,
/// leaves identical ones alone (a rebuild that changes nothing writes nothing), and removes
/// files the build no longer produces. It never deletes outside the destination, keeps
/// dot-files at its top (`.git`, `.nojekyll`), and refuses destinations it must not own.
public enum SiteWriter {
    public struct Report: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
    }

    public enum Refusal: Error, CustomStringConvertible, Sendable {
        case unsafeDestination(String, reason: String)
        case notOurs(String)
        case failed(String)

        public var description: String {
            switch self {
            case let .unsafeDestination(path, reason): "refusing to write the site into \(path): \(reason)"
            case let .notOurs(path): "\(path) is not empty and was not written by runbook; choose another --destination, empty it, or pass --clean-destination to let runbook replace its contents"
            case let .failed(message): message
            }
        }
    }

    /// Marks a destination as ours, so later builds may remove files from it; holds the
    /// `BuildManifest` of the last build written there.
    static let marker = ".runbook-build"

    /// Writes a whole site held in memory.
    /// - Parameters:
    ///   - protected: folders the destination must neither be nor lie inside (content, rules,
    ///     templates), nor contain (the source folder itself).
    ///   - manifest: what the build was made from; written with the files' stamps.
    public static func sync(outputs: [OutputFile], staticFiles: [StaticFile], destination: String,
                            sourceDirectory: String, protected: [String], takeOver: Bool = false,
                            manifest: BuildManifest? = nil) throws -> Report {
        var wanted = Set(outputs.map(\.path))
        wanted.formUnion(staticFiles.map(\.outputPath))
        let session = try Session.open(destination: destination, sourceDirectory: sourceDirectory, protected: protected,
                                       takeOver: takeOver, wanted: wanted)
        let failures: [FileSystem.Failure?] = parallelMap(outputs.count) { index in
            do throws(FileSystem.Failure) {
                try session.write(outputs[index])
                return nil
            } catch {
                return error
            }
        }
        if let failure = failures.compactMap({ $0 }).first { throw Refusal.failed(failure.description) }
        try session.copy(staticFiles)
        return try session.finish(manifest: manifest)
    }

    /// One sync of a destination, open for files as they are rendered: `open` checks the
    /// destination and clears out files the build will not produce, `write` may be called from
    /// any thread, `finish` copies nothing more and records the manifest.
    public final class Session: @unchecked Sendable {
        let target: String
        private let existing: Set<String>
        private let wanted: Set<String>
        private let lock = NSLock()
        private var report = Report()

        private init(target: String, existing: Set<String>, wanted: Set<String>, removed: Int) {
            self.target = target
            self.existing = existing
            self.wanted = wanted
            report.removed = removed
        }

        /// - Parameter wanted: every path the build will write; other files are removed now.
        public static func open(destination: String, sourceDirectory: String, protected: [String],
                                takeOver: Bool, wanted: Set<String>) throws -> Session {
            let target = try checkedTarget(destination: destination, sourceDirectory: sourceDirectory,
                                           protected: protected, takeOver: takeOver)
            let existing = Set(FileTree(root: target).files().map(\.relativePath))
            var removed = 0
            do {
                // Stale files first, so a folder can take the place of a file that used to be there.
                for path in existing.subtracting(wanted).sorted() {
                    try FileSystem.removeFile(joinPath(target, path))
                    removed += 1
                }
                removeEmptyFolders(in: target, keeping: wanted)
                try FileSystem.createDirectory(target)
                try createFolders(for: wanted, in: target, existing: existing)
                if !FileSystem.exists(joinPath(target, marker)) {
                    try FileSystem.write(Array("\n".utf8), to: joinPath(target, marker))
                }
            } catch {
                throw Refusal.failed("\(error)")
            }
            return Session(target: target, existing: existing, wanted: wanted, removed: removed)
        }

        /// Writes a file unless the destination already holds these very bytes.
        func write(_ file: OutputFile) throws(FileSystem.Failure) {
            let full = joinPath(target, file.path)
            if existing.contains(file.path), let current = try? FileSystem.readBytes(full), current == file.bytes {
                lock.withLock { report.unchanged += 1 }
                return
            }
            try FileSystem.write(file.bytes, to: full)
            lock.withLock { report.written += 1 }
        }

        /// Copies static files (content files that are not pages, `static/`) on all cores.
        public func copy(_ files: [StaticFile]) throws {
            let failures: [FileSystem.Failure?] = parallelMap(files.count) { index in
                do throws(FileSystem.Failure) {
                    let bytes = try FileSystem.readBytes(files[index].absolutePath)
                    try self.write(OutputFile(path: files[index].outputPath, bytes: bytes))
                    return nil
                } catch {
                    return error
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw Refusal.failed(failure.description) }
        }

        /// Records the manifest, with the stamps of what is on disk now, so the next build
        /// can tell nobody touched it.
        public func finish(manifest: BuildManifest?) throws -> Report {
            if var manifest {
                for path in wanted { manifest.files[path] = BuildManifest.stamp(of: joinPath(target, path)) }
                do {
                    try FileSystem.write(Array(manifest.serialized().utf8), to: joinPath(target, marker))
                } catch {
                    throw Refusal.failed(error.description)
                }
            }
            return lock.withLock { report }
        }
    }

    /// Makes every folder the files need, a level at a time with the levels' folders made on
    /// all cores: a site has a folder per page, and one `mkdir` after another was a quarter of
    /// a cold build.
    private static func createFolders(for paths: Set<String>, in target: String, existing: Set<String>) throws {
        var folders = Set<String>()
        for path in paths {
            var folder = parentPath(path)
            while !folder.isEmpty, folders.insert(folder).inserted { folder = parentPath(folder) }
        }
        // Folders holding a file of the last build that this build writes again exist (folders
        // of removed files may have gone with them).
        var present = Set<String>()
        for path in existing.intersection(paths) {
            var folder = parentPath(path)
            while !folder.isEmpty, present.insert(folder).inserted { folder = parentPath(folder) }
        }
        let byDepth = Dictionary(grouping: folders.subtracting(present)) { $0.split(separator: "/").count }
        for depth in byDepth.keys.sorted() {
            let level = byDepth[depth] ?? []
            let failures: [FileSystem.Failure?] = parallelMap(level.count) { index in
                do throws(FileSystem.Failure) {
                    try FileSystem.createDirectory(joinPath(target, level[index]))
                    return nil
                } catch {
                    return error
                }
            }
            if let failure = failures.compactMap({ $0 }).first { throw failure }
        }
    }

    /// The destination as an absolute path, once it is known to be one we may write into.
    private static func checkedTarget(destination: String, sourceDirectory: String, protected: [String],
                                      takeOver: Bool) throws -> String {
        let cwd = FileSystem.currentDirectory()
        let target = resolved(absolutePath(destination, relativeTo: cwd))
        let source = resolved(absolutePath(sourceDirectory, relativeTo: cwd))
        if target == "/" { throw Refusal.unsafeDestination(destination, reason: "it is the root folder") }
        if target == source || source.hasPrefix(target + "/") {
            throw Refusal.unsafeDestination(destination, reason: "it contains the site's sources")
        }
        for folder in protected {
            let path = resolved(absolutePath(joinPath(sourceDirectory, folder), relativeTo: cwd))
            if target == path || target.hasPrefix(path + "/") {
                throw Refusal.unsafeDestination(destination, reason: "it is inside the \(folder) folder")
            }
        }
        if FileSystem.kind(of: target) == .directory {
            let hasEntries = !FileSystem.entries(of: target).isEmpty
            if hasEntries && !FileSystem.exists(joinPath(target, marker)) && !takeOver { throw Refusal.notOurs(destination) }
        } else if FileSystem.exists(target) {
            throw Refusal.unsafeDestination(destination, reason: "it is a file")
        }
        return target
    }

    private static func resolved(_ path: String) -> String {
        // Resolve symlinks of the longest existing prefix, so `public -> /` is caught too.
        var existing = path
        var rest: [String] = []
        while !FileSystem.exists(existing), existing != "/" {
            rest.insert(String(existing.split(separator: "/").last ?? ""), at: 0)
            existing = parentPath(existing)
            if existing.isEmpty { existing = "/" }
        }
        let real = FileSystem.realPath(existing) ?? existing
        return rest.reduce(real) { joinPath($0 == "/" ? "" : $0, $1).isEmpty ? "/" + $1 : joinPath($0, $1) }
    }

    /// Removes folders left empty, deepest first.
    private static func removeEmptyFolders(in root: String, keeping wanted: Set<String>) {
        func visit(_ relative: String) {
            let folder = relative.isEmpty ? root : joinPath(root, relative)
            for entry in FileSystem.entries(of: folder) where entry.kind == .directory && !entry.isLink {
                if relative.isEmpty && entry.name.hasPrefix(".") { continue }
                let child = relative.isEmpty ? entry.name : relative + "/" + entry.name
                visit(child)
                FileSystem.removeEmptyDirectory(joinPath(root, child))
            }
        }
        visit("")
    }
}
