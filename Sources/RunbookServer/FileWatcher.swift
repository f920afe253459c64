import Foundation
import RunbookKit
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Watches a site's source folders with inotify: the folders named by the configuration
/// (content, rules, templates, static) recursively, including folders created or moved in
/// later, and the config files at the top of the source folder. Reports changed paths relative
/// to the source folder (`content/runbooks/x.md`, `config.yaml`); a path naming a folder
/// means everything under it changed (a folder moved in or out, or the event queue overflowed).
///
/// Each report also says whether the burst looks finished: every file that was created or
/// modified has since been closed after writing, renamed into place or deleted (an editor's
/// save ends that way). While a file is still open for writing, it is not.
///
/// Runs one thread that blocks in `poll(2)`; `stop()` wakes it through a pipe.
public final class FileWatcher: @unchecked Sendable {
    public struct Changes: Sendable {
        /// Changed paths, relative to the source folder.
        public var paths: [String]
        /// Whether no file is left half-written (see above).
        public var settled: Bool
    }

    public typealias Handler = @Sendable (Changes) -> Void

    private let root: String
    private let handler: Handler
    private let warn: @Sendable (String) -> Void
    private let lock = NSLock()
    private var folders: [String]
    private var foldersChanged = false
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)

    private var inotify: Int32 = -1
    private var wakeRead: Int32 = -1
    private var wakeWrite: Int32 = -1
    // Only touched on the watcher thread once it runs.
    private var directories: [Int32: String] = [:]
    private var warnedLimit = false
    /// Files created or modified and not yet closed, renamed or deleted, with when that was;
    /// entries older than `staleWriting` no longer count (a writer that never closes).
    private var writing: [String: ContinuousClock.Instant] = [:]
    private static let staleWriting: Duration = .seconds(2)

    private static let treeMask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_EXCL_UNLINK)
    private static let rootMask = UInt32(IN_CLOSE_WRITE | IN_CREATE | IN_DELETE | IN_MOVED_FROM | IN_MOVED_TO | IN_MODIFY
        | IN_ONLYDIR | IN_EXCL_UNLINK)

    /// - Parameters:
    ///   - root: the source folder.
    ///   - folders: folders relative to `root` to watch recursively (they may not exist yet).
    ///   - configFiles: file names at the top of `root` to report.
    public init(root: String, folders: [String], configFiles: [String] = ConfigLoader.fileNames,
                warn: @escaping @Sendable (String) -> Void = { _ in }, handler: @escaping Handler) {
        self.root = root
        self.folders = Self.clean(folders)
        self.configFiles = Set(configFiles)
        self.warn = warn
        self.handler = handler
    }

    private let configFiles: Set<String>

    /// Starts watching; the watches are in place when this returns.
    public func start() throws {
        inotify = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        guard inotify >= 0 else { throw WatchError(reason: "inotify_init1: \(String(cString: strerror(errno)))") }
        var pipeEnds: [Int32] = [0, 0]
        guard pipe(&pipeEnds) == 0 else {
            close(inotify)
            throw WatchError(reason: "pipe2: \(String(cString: strerror(errno)))")
        }
        wakeRead = pipeEnds[0]
        wakeWrite = pipeEnds[1]
        for end in pipeEnds {
            _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        addWatch(relative: "", mask: Self.rootMask)
        for folder in lock.withLock({ folders }) { _ = addTree(folder) }
        let thread = Thread { [self] in
            run()
            finished.signal()
        }
        thread.name = "runbook-watcher"
        self.thread = thread
        thread.start()
    }

    /// Changes the watched folders (after config.yaml names others).
    public func setFolders(_ newFolders: [String]) {
        let cleaned = Self.clean(newFolders)
        lock.withLock {
            guard cleaned != folders else { return }
            folders = cleaned
            foldersChanged = true
        }
        wake()
    }

    /// Stops the thread and closes the descriptors.
    public func stop() {
        let running = lock.withLock { () -> Bool in
            defer { stopping = true }
            return thread != nil && !stopping
        }
        guard running else { return }
        wake()
        finished.wait()
        close(inotify)
        close(wakeRead)
        close(wakeWrite)
    }

    struct WatchError: Error, CustomStringConvertible {
        let reason: String
        var description: String { "cannot watch files: \(reason)" }
    }

    private static func clean(_ folders: [String]) -> [String] {
        Array(Set(folders.map { $0.split(separator: "/").joined(separator: "/") }.filter { !$0.isEmpty && !$0.hasPrefix("..") })).sorted()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The watcher thread

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                warn("file watching stopped: poll: \(String(cString: strerror(errno)))")
                return
            }
            if fds[1].revents != 0 {
                var sink = [UInt8](repeating: 0, count: 64)
                while read(wakeRead, &sink, sink.count) > 0 {}
                let (stop, refolder) = lock.withLock { () -> (Bool, [String]?) in
                    defer { foldersChanged = false }
                    return (stopping, foldersChanged ? folders : nil)
                }
                if stop { return }
                if let refolder { rewatch(refolder) }
            }
            if fds[0].revents != 0 {
                var changed: [String] = []
                while true {
                    let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
                    if count <= 0 { break }
                    changed += handleEvents(buffer, count: count)
                }
                if !changed.isEmpty {
                    let now = ContinuousClock.now
                    writing = writing.filter { now - $0.value < Self.staleWriting }
                    handler(Changes(paths: changed, settled: writing.isEmpty))
                }
            }
        }
    }

    /// Parses `struct inotify_event { int wd; uint32_t mask, cookie, len; char name[]; }` records.
    private func handleEvents(_ buffer: [UInt8], count: Int) -> [String] {
        var changed: [String] = []
        var offset = 0
        let header = 16
        while offset + header <= count {
            let (descriptor, mask, length) = buffer.withUnsafeBytes { raw in
                (raw.loadUnaligned(fromByteOffset: offset, as: Int32.self),
                 raw.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self),
                 Int(raw.loadUnaligned(fromByteOffset: offset + 12, as: UInt32.self)))
            }
            let nameBytes = buffer[(offset + header)..<min(count, offset + header + length)].prefix { $0 != 0 }
            let name = String(decoding: nameBytes, as: UTF8.self)
            offset += header + length
            changed += handle(descriptor: descriptor, mask: mask, name: name)
        }
        return changed
    }

    private func handle(descriptor: Int32, mask: UInt32, name: String) -> [String] {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            // Events were lost: watch everything again and report every folder as changed.
            let current = lock.withLock { folders }
            rewatch(current)
            writing[""] = ContinuousClock.now  // unknown: wait the full quiet window
            return current + configFiles.sorted()
        }
        if mask & UInt32(IN_IGNORED) != 0 {
            forget(descriptor: descriptor)
            return []
        }
        guard let directory = lock.withLock({ directories[descriptor] }) else { return [] }
        if name.isEmpty { return [] }  // IN_DELETE_SELF / IN_MOVE_SELF: the parent reports it
        let path = directory.isEmpty ? name : directory + "/" + name
        let isDirectory = mask & UInt32(IN_ISDIR) != 0

        if directory.isEmpty {
            if !isDirectory { return configFiles.contains(name) ? [name] : [] }
            let watched = lock.withLock { folders }
            let affected = watched.filter { $0 == name || $0.hasPrefix(name + "/") }
            guard !affected.isEmpty else { return [] }
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
                return affected + affected.flatMap { addTree($0) }
            }
            if mask & UInt32(IN_DELETE | IN_MOVED_FROM) != 0 {
                for folder in affected { removeTree(folder) }
                return affected
            }
            return []
        }
        // The same editor files the site's walk skips: what the walk ignores never rebuilds.
        if FileTree.isIgnored(name) { return [] }
        if isDirectory {
            if mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 { return [path] + addTree(path) }
            if mask & UInt32(IN_MOVED_FROM) != 0 { removeTree(path) }
            return [path]
        }
        if mask & UInt32(IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_DELETE) != 0 {
            writing[path] = nil
        } else if mask & UInt32(IN_CREATE | IN_MODIFY) != 0 {
            writing[path] = ContinuousClock.now
        }
        return [path]
    }

    /// Watches a folder and everything below it; returns the files found, which are new to
    /// the watcher (a folder created or moved in may already hold files).
    private func addTree(_ relative: String) -> [String] {
        var files: [String] = []
        var visited = Set<String>()
        func walk(_ relative: String) {
            let absolute = root + "/" + relative
            var info = stat()
            guard stat(absolute, &info) == 0, info.st_mode & S_IFMT == S_IFDIR else { return }
            guard visited.insert("\(info.st_dev):\(info.st_ino)").inserted else { return }  // symlink loops
            guard addWatch(relative: relative, mask: Self.treeMask) else { return }
            guard let handle = opendir(absolute) else { return }
            defer { closedir(handle) }
            var subfolders: [String] = []
            while let entry = readdir(handle) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." || FileTree.isIgnored(name) { continue }
                let child = relative + "/" + name
                var childInfo = stat()
                guard stat(root + "/" + child, &childInfo) == 0 else { continue }
                if childInfo.st_mode & S_IFMT == S_IFDIR { subfolders.append(child) } else { files.append(child) }
            }
            for folder in subfolders { walk(folder) }
        }
        walk(relative)
        return files
    }

    @discardableResult
    private func addWatch(relative: String, mask: UInt32) -> Bool {
        let absolute = relative.isEmpty ? root : root + "/" + relative
        let descriptor = inotify_add_watch(inotify, absolute, mask)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOSPC && !warnedLimit {
                warnedLimit = true
                warn("cannot watch every folder: the inotify watch limit is reached (raise fs.inotify.max_user_watches)")
            }
            return false
        }
        lock.withLock { directories[descriptor] = relative }
        return true
    }

    private func removeTree(_ relative: String) {
        let doomed = lock.withLock { directories.filter { $0.value == relative || $0.value.hasPrefix(relative + "/") }.map(\.key) }
        for descriptor in doomed {
            _ = inotify_rm_watch(inotify, descriptor)
            forget(descriptor: descriptor)
        }
    }

    private func forget(descriptor: Int32) {
        _ = lock.withLock { directories.removeValue(forKey: descriptor) }
    }

    private func rewatch(_ newFolders: [String]) {
        let stale = lock.withLock { directories.filter { entry in
            !entry.value.isEmpty && !newFolders.contains { entry.value == $0 || entry.value.hasPrefix($0 + "/") }
        }.map(\.key) }
        for descriptor in stale {
            _ = inotify_rm_watch(inotify, descriptor)
            forget(descriptor: descriptor)
        }
        for folder in newFolders { _ = addTree(folder) }
    }
}
