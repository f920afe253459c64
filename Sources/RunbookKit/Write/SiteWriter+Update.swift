import Foundation

/// Updating a published site in place: the files whose bytes changed move into place one by
/// one, instead of the whole site being linked into a new tree and swapped in. Still all or
/// nothing: every file a move replaces or removes is set aside in `.runbook-old` first, and
/// if any move fails every move made is undone, newest first.
extension SiteWriter {
    /// Whether the destination holds exactly the files a record names, each as it was
    /// published: found through real folders (`siteFiles` never follows a symlink) and with
    /// its recorded stamp and digest.
    static func stillStanding(_ earlier: PublishedSite, in target: String, existing: Set<String>,
                              stampsChecked: Bool = false) -> Bool {
        guard earlier.stamps.count == existing.count, earlier.contents.count == earlier.stamps.count else { return false }
        for (path, stamp) in earlier.stamps {
            guard existing.contains(path), earlier.contents[path] != nil,
                  stampsChecked || FileStamp.of(joinPath(target, path)) == stamp else { return false }
        }
        return true
    }

    /// Updating in place, a file of the last build stays as it stands, with its recorded
    /// digest: as if it had been given again with the same bytes. Refused (false, nothing kept)
    /// when not updating, or when the last build did not publish one of the paths.
    public func keep(_ paths: [String]) -> Bool {
        guard let earlier else { return false }
        var digests: [UInt64] = []
        digests.reserveCapacity(paths.count)
        for path in paths {
            guard let digest = earlier.contents[path] else { return false }
            digests.append(digest)
        }
        lock.withLock {
            for (path, digest) in zip(paths, digests) { contents[path] = digest }
            kept += paths
            report.unchanged += paths.count
        }
        return true
    }

    func finishUpdating(_ earlier: PublishedSite, record: (PublishedSite) throws -> Void) throws(OutputSinkError) -> Report {
        let (staged, kept, digests) = lock.withLock { (self.staged.sorted(), self.kept, self.contents) }
        let removed = earlier.stamps.keys.filter { digests[$0] == nil }.sorted()
        // A folder where a file now goes, or a file where a folder does: the whole-site swap
        // handles that; the kept files join the staged ones by hard link.
        guard staged.allSatisfy(canMoveIntoPlace) else {
            do throws(FileSystem.Failure) {
                for path in kept { try linkIntoStaging(path) }
            } catch {
                abandon()
                throw .failed(error.description)
            }
            return try finishSwapping(record: record)
        }
        var published = PublishedSite(contents: digests)
        for path in kept { published.stamps[path] = earlier.stamps[path] }
        let written = lock.withLock { stagedStamps }
        for path in staged { published.stamps[path] = written[path] ?? FileStamp.of(joinPath(staging, path)) }
        do {
            try record(published)
        } catch {
            abandon()
            throw .failed("cannot record the build: \(error)")
        }
        do throws(FileSystem.Failure) {
            try moveIntoPlace(staged, removing: removed)
        } catch {
            abandon()
            throw .failed("\(error.description); the previous site is unchanged")
        }
        var result = lock.withLock { report }
        result.removed = removed.count
        result.stamps = published.stamps
        result.contents = digests
        return result
    }

    /// Every folder on the way is a folder or not there yet, and the file is a file or not there.
    private func canMoveIntoPlace(_ path: String) -> Bool {
        var folder = parentPath(path)
        while !folder.isEmpty {
            let kind = FileSystem.ownKind(of: joinPath(target, folder))
            if kind != nil && kind != .directory { return false }
            folder = parentPath(folder)
        }
        let kind = FileSystem.ownKind(of: joinPath(target, path))
        return kind == nil || kind == .file
    }

    private func linkIntoStaging(_ path: String) throws(FileSystem.Failure) {
        let destination = joinPath(staging, path)
        try FileSystem.createDirectory(parentPath(destination))
        if !FileSystem.link(joinPath(target, path), to: destination) {
            try FileSystem.writeNew(try FileSystem.readBytes(joinPath(target, path)), to: destination)
        }
    }

    /// Removed files aside first (a removed file may stand where a new folder goes), then each
    /// staged file over its old version, which goes aside too.
    private func moveIntoPlace(_ staged: [String], removing removed: [String]) throws(FileSystem.Failure) {
        let old = joinPath(target, Self.oldName)
        try FileSystem.createDirectory(old)
        var moves: [(from: String, to: String)] = []
        var madeFolders: [String] = []
        func move(_ from: String, _ to: String) throws(FileSystem.Failure) {
            try FileSystem.rename(from, to: to)
            moves.append((from, to))
        }
        func setAside(_ path: String) throws(FileSystem.Failure) {
            try FileSystem.createDirectory(parentPath(joinPath(old, path)))
            try move(joinPath(target, path), joinPath(old, path))
        }
        do throws(FileSystem.Failure) {
            for path in removed { try setAside(path) }
            for path in staged {
                try makeFolders(for: path, made: &madeFolders)
                if FileSystem.ownKind(of: joinPath(target, path)) != nil { try setAside(path) }
                try move(joinPath(staging, path), joinPath(target, path))
            }
        } catch {
            for (from, to) in moves.reversed() { try? FileSystem.rename(to, to: from) }
            for folder in madeFolders.reversed() { FileSystem.removeEmptyDirectory(joinPath(target, folder)) }
            throw error
        }
        FileSystem.removeTree(old)
        FileSystem.removeTree(staging)
        // Folders the removed files leave empty go too, as a fresh publish would not make them.
        for path in removed {
            var folder = parentPath(path)
            while !folder.isEmpty, FileSystem.removeEmptyDirectory(joinPath(target, folder)) { folder = parentPath(folder) }
        }
    }

    /// The folders a file needs in the destination, made one level at a time without
    /// following a symlink; those made are added to `made`.
    private func makeFolders(for path: String, made: inout [String]) throws(FileSystem.Failure) {
        var folder = ""
        for part in pathSegments(parentPath(path)) {
            folder = folder.isEmpty ? String(part) : folder + "/" + part
            let full = joinPath(target, folder)
            switch FileSystem.ownKind(of: full) {
            case .directory: continue
            case nil:
                try FileSystem.createDirectory(full)
                made.append(folder)
            default: throw FileSystem.Failure(path: full, operation: "create folder", code: ENOTDIR)
            }
        }
    }
}
