import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Paths the watcher reported.
private final class Reported: @unchecked Sendable {
    private let lock = NSLock()
    private var paths: [String] = []
    private var lastSettled = false
    func add(_ changes: FileWatcher.Changes) {
        lock.withLock {
            paths += changes.paths
            lastSettled = changes.settled
        }
    }
    var settled: Bool { lock.withLock { lastSettled } }
    var all: [String] { lock.withLock { paths } }
    func contains(_ path: String) -> Bool { all.contains(path) }
}

@Suite struct FileWatcherTests {
    @Test func reportsEditsNewFoldersAndConfigButNotEditorFiles() async throws {
        let site = TestSite("""
            -- content/_index.md --
            # Home
            -- rules/a.yml --
            groups: []
            -- README.md --
            not watched
            """)
        defer { site.remove() }
        let reported = Reported()
        let watcher = FileWatcher(root: site.root, folders: ["content", "rules", "templates", "static"]) { reported.add($0) }
        try watcher.start()
        defer { watcher.stop() }

        site.write("content/.page.md.swp", "swap")
        site.write("content/page.md~", "backup")
        site.write("content/#page.md#", "autosave")
        site.append("content/_index.md", "more\n")
        #expect(await eventually { reported.contains("content/_index.md") })

        // A folder made after the watch started, with a file written right away.
        site.write("content/runbooks/deep/er/new.md", "# New")
        #expect(await eventually { reported.contains("content/runbooks/deep/er/new.md") })
        // A later edit in the new folder is seen too (the watch is on it). Counted before the
        // edit: its event may arrive at once.
        let before = reported.all.filter { $0 == "content/runbooks/deep/er/new.md" }.count
        site.append("content/runbooks/deep/er/new.md", "edit\n")
        #expect(await eventually { reported.all.filter { $0 == "content/runbooks/deep/er/new.md" }.count > before })

        // templates/ did not exist when watching started.
        site.write("templates/layout.mustache", "<html></html>")
        #expect(await eventually { reported.contains("templates/layout.mustache") })

        site.write("config.yaml", "title: X")
        #expect(await eventually { reported.contains("config.yaml") })

        site.write("README.md", "changed")
        site.write("rules/a.yml", "groups: []\n")
        #expect(await eventually { reported.contains("rules/a.yml") })
        let all = reported.all
        #expect(!all.contains("README.md"))
        #expect(!all.contains { $0.hasSuffix(".swp") || $0.hasSuffix("~") || $0.hasSuffix("#") })
    }

    @Test func aFileStillOpenForWritingIsNotSettled() async throws {
        let site = TestSite("""
            -- content/_index.md --
            # Home
            """)
        defer { site.remove() }
        let reported = Reported()
        let watcher = FileWatcher(root: site.root, folders: ["content"]) { reported.add($0) }
        try watcher.start()
        defer { watcher.stop() }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: site.path("content/_index.md")))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("half".utf8))
        #expect(await eventually { reported.contains("content/_index.md") })
        #expect(!reported.settled)
        try handle.write(contentsOf: Data(" and the rest\n".utf8))
        try handle.close()
        #expect(await eventually { reported.settled })
    }

    @Test func reportsAFolderMovedAwayAndFollowsItsNewName() async throws {
        let site = TestSite("""
            -- content/old/a.md --
            # A
            """)
        defer { site.remove() }
        let reported = Reported()
        let watcher = FileWatcher(root: site.root, folders: ["content"]) { reported.add($0) }
        try watcher.start()
        defer { watcher.stop() }
        try FileManager.default.moveItem(atPath: site.path("content/old"), toPath: site.path("content/new"))
        #expect(await eventually { reported.contains("content/old") && reported.contains("content/new/a.md") })
        site.append("content/new/a.md", "x\n")
        #expect(await eventually { reported.all.filter { $0 == "content/new/a.md" }.count >= 2 })
    }
}

@Suite struct PortFinderTests {
    @Test func explicitTakenPortIsAnErrorAndTheDefaultFallsForward() throws {
        let (listener, port) = try listen()
        defer { close(listener) }
        #expect(throws: PortFinder.Failure.inUse(host: "127.0.0.1", port: port)) {
            try PortFinder.choose(host: "127.0.0.1", port: port, explicit: true)
        }
        let chosen = try PortFinder.choose(host: "127.0.0.1", port: port, explicit: false)
        #expect(chosen > port)
        #expect(try PortFinder.choose(host: "127.0.0.1", port: 0, explicit: true) == 0)
    }

    /// A listening socket on a free port.
    private func listen() throws -> (Int32, Int) {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        inet_pton(AF_INET, "127.0.0.1", &address.sin_addr)
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer -> Bool in
                bind(descriptor, pointer, length) == 0 && Glibc.listen(descriptor, 1) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard bound else { throw RawHTTPClient.Failure(description: "cannot listen") }
        return (descriptor, Int(UInt16(bigEndian: address.sin_port)))
    }
}
