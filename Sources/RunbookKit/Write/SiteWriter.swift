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

    public enum Refusal: Error, CustomStringConvertible {
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

    /// - Parameters:
    ///   - protected: folders the destination must neither be nor lie inside (content, rules,
    ///     templates), nor contain (the source folder itself).
    ///   - manifest: what the build was made from; written with the files' stamps.
    public static func sync(outputs: [OutputFile], staticFiles: [StaticFile], destination: String,
                            sourceDirectory: String, protected: [String], takeOver: Bool = false,
                            manifest: BuildManifest? = nil) throws -> Report {
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

        var report = Report()
        let existing = Set(FileTree(root: target).files().map(\.relativePath))
        var wanted = Set(outputs.map(\.path))
        wanted.formUnion(staticFiles.map(\.outputPath))

        do {
            // Stale files first, so a folder can take the place of a file that used to be there.
            for path in existing.subtracting(wanted).sorted() {
                try FileSystem.removeFile(joinPath(target, path))
                report.removed += 1
            }
            removeEmptyFolders(in: target, keeping: wanted)

            try FileSystem.createDirectory(target)
            var folders = Set<String>()
            for path in wanted { folders.insert(parentPath(path)) }
            for folder in folders.sorted() where !folder.isEmpty {
                try FileSystem.createDirectory(joinPath(target, folder))
            }
            if !FileSystem.exists(joinPath(target, marker)) {
                try FileSystem.write(Array("\n".utf8), to: joinPath(target, marker))
            }
        } catch {
            throw Refusal.failed("\(error)")
        }

        let results: [Result<Bool, FileSystem.Failure>] = parallelMap(outputs.count + staticFiles.count) { index in
            do throws(FileSystem.Failure) {
                let path: String
                let bytes: [UInt8]
                if index < outputs.count {
                    path = outputs[index].path
                    bytes = outputs[index].bytes
                } else {
                    let file = staticFiles[index - outputs.count]
                    path = file.outputPath
                    bytes = try FileSystem.readBytes(file.absolutePath)
                }
                let full = joinPath(target, path)
                if existing.contains(path), let current = try? FileSystem.readBytes(full), current == bytes {
                    return .success(false)
                }
                try FileSystem.write(bytes, to: full)
                return .success(true)
            } catch {
                return .failure(error)
            }
        }
        for result in results {
            switch result {
            case .success(true): report.written += 1
            case .success(false): report.unchanged += 1
            case .failure(let failure): throw Refusal.failed(failure.description)
            }
        }
        if var manifest {
            // Stamps of what is on disk now, so the next build can tell nobody touched it.
            for path in wanted { manifest.files[path] = BuildManifest.stamp(of: joinPath(target, path)) }
            do {
                try FileSystem.write(Array(manifest.serialized().utf8), to: joinPath(target, marker))
            } catch {
                throw Refusal.failed(error.description)
            }
        }
        return report
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
