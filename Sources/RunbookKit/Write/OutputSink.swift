import Foundation

/// Where a build's files go: the one way the pipeline emits output. `SiteWriter` publishes to a
/// destination folder (all or nothing); `MemorySink` keeps the files in memory (tests, and
/// whatever wants a site without a disk).
///
/// `write` and `copy` may be called from any thread, `finish` once after every file, and
/// `abandon` instead of `finish` when the build fails: nothing it was given is then published.
public protocol OutputSink: AnyObject, Sendable {
    func write(_ file: OutputFile) throws(OutputSinkError)
    /// Static files (content files that are not pages, `static/`), read from disk.
    func copy(_ files: [StaticFile]) throws(OutputSinkError)
    /// Keeps files of the last build as they are published, unread: the build knows they did
    /// not change. False (and nothing kept) when the sink cannot: the caller writes them instead.
    func keep(_ paths: [String]) -> Bool
    /// Publishes everything written. `record` is called with the stamps and digests of the
    /// files as they will be published, before they are: a build record that fails to save
    /// publishes nothing.
    func finish(record: (PublishedSite) throws -> Void) throws(OutputSinkError) -> SiteWriter.Report
    func abandon()
}

extension OutputSink {
    /// Writes these files on all cores (a file is mostly a system call: written one by one,
    /// a 100x site's 110,000 search records kept one core idle for a second).
    func writeAll(_ files: [OutputFile]) throws(OutputSinkError) {
        try parallelForEach(files.count) { index throws(OutputSinkError) in try self.write(files[index]) }
    }
}

/// The files of a published site: how each stands on disk (a changed stamp means someone
/// touched it) and the digest of its bytes (`ContentDigest`), by path.
public struct PublishedSite: Sendable, Equatable {
    public var stamps: [String: FileStamp] = [:]
    public var contents: [String: UInt64] = [:]

    public init(stamps: [String: FileStamp] = [:], contents: [String: UInt64] = [:]) {
        self.stamps = stamps
        self.contents = contents
    }
}

/// Why output could not be written or published.
public enum OutputSinkError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A destination runbook must not write into.
    case unsafeDestination(String, reason: String)
    /// A non-empty folder runbook did not create.
    case notOurs(String)
    /// A path that would leave the destination, refused by the writer itself.
    case unsafePath(String)
    /// The file system said no (disk full, permissions); the previous site is intact.
    case failed(String)

    public var description: String {
        switch self {
        case let .unsafeDestination(path, reason): "refusing to write the site into \(path): \(reason)"
        case let .notOurs(path): "\(path) is not empty and was not written by runbook; choose another --destination, empty it, or pass --clean-destination to let runbook replace its contents"
        case let .unsafePath(path): "refusing to write '\(path)': it is not a path inside the destination"
        case let .failed(message): message
        }
    }
}

/// Keeps the files in memory.
public final class MemorySink: OutputSink, @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [String: OutputFile] = [:]
    private var report = SiteWriter.Report()

    public init() {}

    /// Every file written, by path.
    public var files: [String: OutputFile] { lock.withLock { stored } }

    public func write(_ file: OutputFile) throws(OutputSinkError) {
        guard OutputPath.isContained(file.path) else { throw .unsafePath(file.path) }
        lock.withLock {
            stored[file.path] = file
            report.written += 1
        }
    }

    public func copy(_ files: [StaticFile]) throws(OutputSinkError) {
        for file in files {
            let bytes: [UInt8]
            do throws(FileSystem.Failure) { bytes = try FileSystem.readBytes(file.absolutePath) } catch {
                throw .failed(error.description)
            }
            try write(OutputFile(path: file.outputPath, bytes: bytes))
        }
    }

    /// Holds only what it was given.
    public func keep(_ paths: [String]) -> Bool { false }

    public func finish(record: (PublishedSite) throws -> Void) throws(OutputSinkError) -> SiteWriter.Report {
        do { try record(PublishedSite()) } catch { throw .failed("\(error)") }
        return lock.withLock { report }
    }

    public func abandon() { lock.withLock { stored = [:] } }
}
