import Foundation

/// Publishes a build into the destination folder, all or nothing.
///
/// Every file goes into a staging folder inside the destination (`.runbook-staging`, so it is
/// on the same file system even when the destination is a mount point); a file whose bytes
/// equal the published one is hard-linked instead of written, so it keeps its modification
/// time. Only when every file is in place does `finish` move the staged top-level entries over
/// the old ones (renames: no disk space needed), old entries going to `.runbook-old` first and
/// coming back if a rename fails. A failure before that — disk full included — removes the
/// staging folder and leaves the previous site as it was.
///
/// Given the record of the build that wrote the destination (`earlier`), with every file
/// still as that build left it, only files whose bytes changed are staged, and `finish` moves
/// them into place one by one, each replaced file and each removed one set aside in
/// `.runbook-old` until all have moved (and moved back if one cannot): a one-page edit then
/// touches a handful of files instead of linking the whole site again. See
/// `SiteWriter+Update.swift`.
///
/// Defence in depth: whatever the gate before it did, the writer refuses a path that is empty,
/// absolute or has `.`/`..` segments; it creates every file with `O_EXCL | O_NOFOLLOW` in
/// folders it made itself, so a symlink planted in the destination is never followed. It
/// keeps dot-files at the destination's top (`.git`, `.nojekyll`) and refuses destinations it
/// must not own.
public final class SiteWriter: OutputSink, @unchecked Sendable {
    public struct Report: Sendable, Equatable {
        public var written = 0
        public var unchanged = 0
        public var removed = 0
        /// The published files' stamps and digests (for the build record); not part of equality.
        public var stamps: [String: FileStamp] = [:]
        public var contents: [String: UInt64] = [:]

        public init(written: Int = 0, unchanged: Int = 0, removed: Int = 0) {
            self.written = written
            self.unchanged = unchanged
            self.removed = removed
        }

        public static func == (lhs: Report, rhs: Report) -> Bool {
            lhs.written == rhs.written && lhs.unchanged == rhs.unchanged && lhs.removed == rhs.removed
        }
    }

    public typealias Refusal = OutputSinkError

    /// How a file's bytes reach the disk, and the new file's stamp if it has one at hand;
    /// tests inject one that fails.
    struct FileWriter: Sendable {
        /// The bytes, the file's path in the staging folder, and that folder.
        let write: @Sendable ([UInt8], String, FileSystem.Folder) throws(FileSystem.Failure) -> FileStamp?
        static let posix = FileWriter { bytes, path, folder throws(FileSystem.Failure) in
            try folder.writeNew(bytes, at: path).map(FileStamp.init)
        }
    }

    /// Where earlier versions recorded their builds, inside the destination; still recognised
    /// as ours, and removed by the next publish.
    static let legacyMarker = ".runbook-build"
    static let stagingName = ".runbook-staging"
    static let oldName = ".runbook-old"

    /// The destination, absolute, symlinks resolved.
    public let target: String
    let staging: String
    private let existing: Set<String>
    private let writer: FileWriter
    private let createdTarget: Bool
    /// The site as the last build published it, when it still stands so: update in place.
    let earlier: PublishedSite?
    let lock = NSLock()
    var report = Report()
    /// Digests of the files given so far; with `earlier`, which were staged and which kept.
    var contents: [String: UInt64] = [:]
    var staged: [String] = []
    /// Stamps of the staged files, taken as they were written (a `stat` per file after the
    /// build was 234,000 path lookups at 100x); a file linked into staging has none.
    var stagedStamps: [String: FileStamp] = [:]
    var kept: [String] = []
    /// The staging folder, held open: files and folders are made under it, so the kernel does
    /// not walk the destination's path again for each of them (`FileSystem.Folder`).
    private var stagingFolder: FileSystem.Folder
    /// Folders of the staging folder known to exist, relative to it ("" is itself).
    private var stagedFolders: Set<String> = [""]
    /// The paths whose folders were made up front (the plan's, for a whole site).
    private let planned: Set<String>

    private init(target: String, existing: Set<String>, writer: FileWriter, createdTarget: Bool, earlier: PublishedSite?,
                 planned: Set<String>) {
        self.target = target
        staging = joinPath(target, Self.stagingName)
        stagingFolder = FileSystem.Folder(path: staging, descriptor: AT_FDCWD)  // whole paths until opened
        self.existing = existing
        self.writer = writer
        self.createdTarget = createdTarget
        self.earlier = earlier
        self.planned = planned
        // Room for the plan's files and about as many more (the search index's records): every
        // file is recorded under the lock, and each time the tables grew they were copied
        // whole while the other threads' writes waited (a tenth of a second at 100x).
        contents.reserveCapacity(2 * planned.count)
        stagedStamps.reserveCapacity(2 * planned.count)
        staged.reserveCapacity(2 * planned.count)
    }

    deinit { stagingFolder.close() }

    /// Writes a whole site held in memory.
    public static func sync(outputs: [OutputFile], staticFiles: [StaticFile], destination: String,
                            sourceDirectory: String, protected: [String], takeOver: Bool = false,
                            isOurs: (String) -> Bool = { _ in false }) throws(OutputSinkError) -> Report {
        var wanted = Set(outputs.map(\.path))
        wanted.formUnion(staticFiles.map(\.outputPath))
        let sink = try open(destination: destination, sourceDirectory: sourceDirectory, protected: protected,
                            takeOver: takeOver, wanted: wanted, isOurs: isOurs)
        do throws(OutputSinkError) {
            for file in outputs { try sink.write(file) }
            try sink.copy(staticFiles)
            return try sink.finish(record: { _ in })
        } catch {
            sink.abandon()
            throw error
        }
    }

    /// Checks the destination and prepares the staging folder with every folder the build needs.
    /// - Parameters:
    ///   - protected: folders the destination must neither be nor lie inside (content, rules,
    ///     templates), nor contain (the source folder itself).
    ///   - wanted: every path the build will write.
    ///   - isOurs: whether a non-empty destination (absolute, resolved) holds runbook's last
    ///     build, by the build record in the cache folder.
    ///   - earlier: the files that build published (its record); used only when the
    ///     destination holds exactly those files, each with its recorded stamp.
    ///   - stampsChecked: the caller has just compared every file of `earlier` with its stamp
    ///     (`BuildManifest.outputsIntact`): only which files stand is checked again.
    ///   - listing: the destination's files, walked by the caller a moment before (as the
    ///     stamps were checked before); walked here when it is nil or names another folder.
    public static func open(destination: String, sourceDirectory: String, protected: [String],
                            takeOver: Bool = false, wanted: Set<String>,
                            isOurs: (String) -> Bool = { _ in false }, earlier: PublishedSite? = nil,
                            stampsChecked: Bool = false, listing: Listing? = nil) throws(OutputSinkError) -> SiteWriter {
        try open(destination: destination, sourceDirectory: sourceDirectory, protected: protected, takeOver: takeOver,
                 wanted: wanted, isOurs: isOurs, writer: .posix, earlier: earlier, stampsChecked: stampsChecked, listing: listing)
    }

    static func open(destination: String, sourceDirectory: String, protected: [String], takeOver: Bool,
                     wanted: Set<String>, isOurs: (String) -> Bool, writer: FileWriter,
                     earlier: PublishedSite? = nil, stampsChecked: Bool = false,
                     listing: Listing? = nil) throws(OutputSinkError) -> SiteWriter {
        let target = try checkedTarget(destination: destination, sourceDirectory: sourceDirectory,
                                       protected: protected, takeOver: takeOver, isOurs: isOurs)
        for path in wanted where !OutputPath.isContained(path) || path.hasPrefix(".runbook-") { throw .unsafePath(path) }
        let createdTarget = !FileSystem.exists(target)
        let walked = listing.flatMap { $0.root == target ? $0.files : nil } ?? siteFiles(in: target)
        let existing = Set(walked)
        let standing = earlier.flatMap { stillStanding($0, in: target, existing: existing, stampsChecked: stampsChecked) ? $0 : nil }
        // Updating in place stages a few files; their folders are made as they come.
        let sink = SiteWriter(target: target, existing: existing, writer: writer, createdTarget: createdTarget, earlier: standing,
                              planned: standing == nil ? wanted : [])
        do throws(FileSystem.Failure) {
            try FileSystem.createDirectory(target)
            // Leftovers of a run that was killed are ours to remove.
            FileSystem.removeTree(sink.staging)
            FileSystem.removeTree(joinPath(target, oldName))
            try FileSystem.createDirectory(sink.staging)
            sink.stagingFolder = .open(sink.staging)
            if standing == nil { try sink.createFolders(for: wanted) }
        } catch {
            sink.abandon()
            throw .failed(error.description)
        }
        return sink
    }

    /// Stages a file, hard-linking the published one when it already holds these very bytes.
    public func write(_ file: OutputFile) throws(OutputSinkError) {
        guard OutputPath.isContained(file.path), !file.path.hasPrefix(".runbook-") else { throw .unsafePath(file.path) }
        let digest = ContentDigest.of(file.bytes)
        if let earlier, earlier.contents[file.path] == digest {
            lock.withLock {
                contents[file.path] = digest
                kept.append(file.path)
                report.unchanged += 1
            }
            return
        }
        let stamp: FileStamp?
        do throws(FileSystem.Failure) {
            try stageFolder(of: file.path)
            if earlier == nil, existing.contains(file.path), linkPublished(file) {
                lock.withLock {
                    contents[file.path] = digest
                    report.unchanged += 1
                }
                return
            }
            stamp = try writer.write(file.bytes, file.path, stagingFolder)
        } catch {
            throw .failed(error.description)
        }
        lock.withLock {
            contents[file.path] = digest
            if let stamp { stagedStamps[file.path] = stamp }
            staged.append(file.path)
            report.written += 1
        }
    }

    /// Makes the staged folder of a file unless it is known to be there: the folders of the
    /// plan the writer was opened with are made up front (known without the lock), those of
    /// files whose names come late (the search index's) as they come. A check per file was a
    /// `stat` per page.
    private func stageFolder(of path: String) throws(FileSystem.Failure) {
        guard !planned.contains(path) else { return }
        let folder = parentPath(path)
        guard !lock.withLock({ stagedFolders.contains(folder) }) else { return }
        try createStagedFolder(folder)
        lock.withLock { _ = stagedFolders.insert(folder) }
    }

    /// Links the published file into staging when it holds the file's very bytes.
    private func linkPublished(_ file: OutputFile) -> Bool {
        let published = joinPath(target, file.path)
        guard let current = FileSystem.readBytesNoFollow(published), current == file.bytes else { return false }
        return FileSystem.link(published, to: joinPath(staging, file.path))
    }

    /// `mkdir -p` of a folder under the staging folder ("" is itself).
    private func createStagedFolder(_ folder: String) throws(FileSystem.Failure) {
        if !folder.isEmpty { try stagingFolder.createDirectory(folder) }
    }

    /// Stages static files on all cores.
    public func copy(_ files: [StaticFile]) throws(OutputSinkError) {
        try parallelForEach(files.count) { index throws(OutputSinkError) in
            let bytes: [UInt8]
            do throws(FileSystem.Failure) { bytes = try FileSystem.readBytes(files[index].absolutePath) } catch {
                throw .failed(error.description)
            }
            try self.write(OutputFile(path: files[index].outputPath, bytes: bytes))
        }
    }

    /// Records the build, then moves the staged site (or, updating, the changed files) into place.
    public func finish(record: (PublishedSite) throws -> Void) throws(OutputSinkError) -> Report {
        if let earlier { return try finishUpdating(earlier, record: record) }
        return try finishSwapping(record: record)
    }

    /// The whole staged site takes the place of the old one.
    func finishSwapping(record: (PublishedSite) throws -> Void) throws(OutputSinkError) -> Report {
        // Every file in the staging folder came through `write` (or was linked there from the
        // last build, which `keep` recorded): listed, not walked (the walk was a quarter of a
        // cold build's system calls, four for each folder).
        let (digests, written) = lock.withLock { (contents, stagedStamps) }
        let files = Array(digests.keys)
        // The files written have their stamps; those linked from the last build are looked
        // at, on all cores.
        let staging = self.staging
        // A cold build wrote every file itself: nothing to look for (a lookup per file at 100x).
        let unstamped = written.count == digests.count ? [] : files.filter { written[$0] == nil }
        let found = parallelMap(unstamped.count) { FileStamp.of(joinPath(staging, unstamped[$0])) }
        var stamps = written
        for (path, stamp) in zip(unstamped, found) { stamps[path] = stamp }
        do {
            try record(PublishedSite(stamps: stamps, contents: digests))
        } catch {
            abandon()
            throw .failed("cannot record the build: \(error)")
        }
        do throws(FileSystem.Failure) {
            try swap()
        } catch {
            abandon()
            throw .failed("\(error.description); the previous site is unchanged")
        }
        var result = lock.withLock { report }
        result.removed = existing.subtracting(files).count
        result.stamps = stamps
        result.contents = digests
        return result
    }

    public func abandon() {
        FileSystem.removeTree(staging)
        FileSystem.removeTree(joinPath(target, Self.oldName))
        if createdTarget { FileSystem.removeEmptyDirectory(target) }
    }

    /// Old top-level entries to `.runbook-old`, staged ones into their place, stale ones out;
    /// on a failure every move made is undone, newest first.
    private func swap() throws(FileSystem.Failure) {
        let old = joinPath(target, Self.oldName)
        try FileSystem.createDirectory(old)
        var moves: [(from: String, to: String)] = []
        func move(_ from: String, _ to: String) throws(FileSystem.Failure) {
            try FileSystem.rename(from, to: to)
            moves.append((from, to))
        }
        let names = FileSystem.entries(of: staging).map(\.name)
        let staged = Set(names)
        do throws(FileSystem.Failure) {
            for name in names {
                let published = joinPath(target, name)
                if FileSystem.ownKind(of: published) != nil { try move(published, joinPath(old, name)) }
                try move(joinPath(staging, name), published)
            }
            for entry in FileSystem.entries(of: target) where !staged.contains(entry.name) {
                guard !entry.name.hasPrefix(".") || entry.name == Self.legacyMarker else { continue }
                try move(joinPath(target, entry.name), joinPath(old, entry.name))
            }
        } catch {
            for (from, to) in moves.reversed() { try? FileSystem.rename(to, to: from) }
            throw error
        }
        FileSystem.removeTree(old)
        FileSystem.removeTree(staging)
    }

    /// Makes the folder of every path, on all cores (`mkdir -p` each: two files that share a
    /// folder, or two folders that share a parent, are made once and found the second time).
    /// Gathering the folders into a set first, to make each once by depth, held a 100x build
    /// on one core for a seventh of a second.
    private func createFolders(for paths: Set<String>) throws(FileSystem.Failure) {
        let list = Array(paths)
        let chunks = chunkRanges(count: list.count, size: 256)
        try parallelForEach(chunks.count) { part throws(FileSystem.Failure) in
            for path in list[chunks[part]] { try self.createStagedFolder(parentPath(path)) }
        }
    }

    /// The destination as an absolute path with symlinks resolved, as the build record names it.
    public static func canonicalPath(_ destination: String) -> String {
        resolved(absolutePath(destination, relativeTo: FileSystem.currentDirectory()))
    }

    /// The destination as an absolute path, once it is known to be one we may write into.
    private static func checkedTarget(destination: String, sourceDirectory: String, protected: [String],
                                      takeOver: Bool, isOurs: (String) -> Bool) throws(OutputSinkError) -> String {
        let cwd = FileSystem.currentDirectory()
        let target = resolved(absolutePath(destination, relativeTo: cwd))
        let source = resolved(absolutePath(sourceDirectory, relativeTo: cwd))
        if target == "/" { throw .unsafeDestination(destination, reason: "it is the root folder") }
        if target == source || source.hasPrefix(target + "/") {
            throw .unsafeDestination(destination, reason: "it contains the site's sources")
        }
        for folder in protected {
            let path = resolved(absolutePath(joinPath(sourceDirectory, folder), relativeTo: cwd))
            if target == path || target.hasPrefix(path + "/") {
                throw .unsafeDestination(destination, reason: "it is inside the \(folder) folder")
            }
        }
        if FileSystem.kind(of: target) == .directory {
            let entries = FileSystem.entries(of: target).filter { $0.name != stagingName && $0.name != oldName }
            let ours = isOurs(target) || FileSystem.exists(joinPath(target, legacyMarker))
            if !entries.isEmpty && !ours && !takeOver { throw .notOurs(destination) }
        } else if FileSystem.exists(target) {
            throw .unsafeDestination(destination, reason: "it is a file")
        }
        return target
    }

    private static func resolved(_ path: String) -> String {
        // Resolve symlinks of the longest existing prefix, so `public -> /` is caught too.
        var existing = path
        var rest: [String] = []
        while !FileSystem.exists(existing), existing != "/" {
            rest.insert(String(pathSegments(existing).last ?? ""), at: 0)
            existing = parentPath(existing)
            if existing.isEmpty { existing = "/" }
        }
        let real = FileSystem.realPath(existing) ?? existing
        return rest.reduce(real) { joinPath($0 == "/" ? "" : $0, $1).isEmpty ? "/" + $1 : joinPath($0, $1) }
    }
}
