import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// Every file below a folder (hidden ones too), with its bytes; symlinks as `-> target`.
func snapshot(_ root: String) -> [String: [UInt8]] {
    var result: [String: [UInt8]] = [:]
    func visit(_ relative: String) {
        let folder = relative.isEmpty ? root : root + "/" + relative
        for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
            let path = relative.isEmpty ? name : relative + "/" + name
            let full = root + "/" + path
            if let target = try? FileManager.default.destinationOfSymbolicLink(atPath: full) {
                result[path] = Array("-> \(target)".utf8)
                continue
            }
            var isFolder: ObjCBool = false
            FileManager.default.fileExists(atPath: full, isDirectory: &isFolder)
            if isFolder.boolValue { visit(path) } else { result[path] = FileManager.default.contents(atPath: full).map(Array.init) ?? [] }
        }
    }
    visit("")
    return result
}

/// Fails with "No space left on device" from the `failAt`-th file on.
final class FailingWriter: @unchecked Sendable {
    let failAt: Int
    private let lock = NSLock()
    private var count = 0

    init(failAt: Int) { self.failAt = failAt }

    var writer: SiteWriter.FileWriter {
        SiteWriter.FileWriter { bytes, relative, folder throws(FileSystem.Failure) in
            let path = folder.whole(relative)
            let number = self.lock.withLock { () -> Int in
                self.count += 1
                return self.count
            }
            if number >= self.failAt {
                // Like a full disk: part of the file is there, then the write fails.
                try FileSystem.writeNew(Array(bytes.prefix(bytes.count / 2)), to: path)
                throw FileSystem.Failure(path: path, operation: "write", code: ENOSPC)
            }
            return try FileSystem.writeNew(bytes, to: path).map(FileStamp.init)
        }
    }
}

@Suite struct AtomicPublishTests {
    static let pages = (1...12).map { "-- content/p\($0).md --\n---\ntitle: Page \($0)\n---\nVersion one of \($0).\n" }.joined()

    func publish(_ site: TestSite, writer: SiteWriter.FileWriter = .posix,
                 record: (@Sendable (BuildManifest) throws -> Void)? = nil) -> BuildResult {
        let destination = site.root + "/public"
        let root = site.root
        return site.build { options in
            options.openDestination = { wanted in
                try SiteWriter.open(destination: destination, sourceDirectory: root, protected: ["content"], takeOver: false,
                                    wanted: wanted, isOurs: { _ in true }, writer: writer)
            }
            options.recordBuild = record
        }
    }

    @Test(arguments: [1, 2, 7, 12])
    func aWriterFailingAtTheNthFileLeavesThePreviousSiteByteIdentical(failAt: Int) throws {
        let site = TestSite(Self.pages)
        let first = publish(site)
        #expect(first.writeError == nil && first.writeReport != nil)
        site.write("public/.nojekyll", "")
        let before = snapshot(site.root + "/public")
        #expect(before["p1/index.html"] != nil)

        for number in 1...12 { site.write("content/p\(number).md", "---\ntitle: Page \(number)\n---\nVersion two of \(number).\n") }
        site.write("content/new.md", "---\ntitle: New\n---\nNew.\n")
        site.remove("content/p12.md")
        let failed = publish(site, writer: FailingWriter(failAt: failAt).writer)
        guard case .failed(let message)? = failed.writeError else {
            Issue.record("expected a write failure, got \(String(describing: failed.writeError))")
            return
        }
        #expect(message.contains("No space left on device"))
        #expect(failed.writeReport == nil)
        #expect(snapshot(site.root + "/public") == before)

        // The next good build publishes the new site in full.
        let second = publish(site)
        #expect(second.writeError == nil)
        #expect(site.read("public/p1/index.html")?.contains("Version two of 1.") == true)
        #expect(site.read("public/new/index.html") != nil)
        #expect(!site.exists("public/p12/index.html"))
        #expect(site.exists("public/.nojekyll"))
        #expect(!site.exists("public/.runbook-staging") && !site.exists("public/.runbook-old"))
    }

    @Test func aFailedFirstBuildLeavesNoDestination() {
        let site = TestSite(Self.pages)
        let failed = publish(site, writer: FailingWriter(failAt: 3).writer)
        #expect(failed.writeError != nil)
        #expect(!site.exists("public"))
    }

    @Test func aBuildRecordThatCannotBeSavedPublishesNothing() {
        struct Refused: Error {}
        let site = TestSite(Self.pages)
        _ = publish(site)
        let before = snapshot(site.root + "/public")
        site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
        let failed = publish(site, record: { _ in throw Refused() })
        #expect(failed.writeError != nil)
        #expect(snapshot(site.root + "/public") == before)
    }

    @Test func unchangedFilesAreLinkedNotRewritten() throws {
        let site = TestSite(Self.pages)
        _ = publish(site)
        var before = stat()
        stat(site.root + "/public/p2/index.html", &before)
        site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
        let second = publish(site)
        let report = try #require(second.writeReport)
        #expect(report.written >= 1 && report.unchanged >= 12)
        var after = stat()
        stat(site.root + "/public/p2/index.html", &after)
        #expect(before.st_ino == after.st_ino && before.st_mtim.tv_nsec == after.st_mtim.tv_nsec)
        #expect(report.stamps["p2/index.html"] == FileStamp.of(site.root + "/public/p2/index.html"))
    }

    @Test func aSymlinkPlantedInTheDestinationIsNotFollowed() throws {
        let site = TestSite(Self.pages)
        let outside = TestSite("-- keep.txt --\nprecious\n")
        _ = publish(site)
        // The old p1 folder becomes a link to a folder outside; a file link points outside too.
        site.remove("public/p1")
        try FileManager.default.createSymbolicLink(atPath: site.root + "/public/p1", withDestinationPath: outside.root)
        try FileManager.default.createSymbolicLink(atPath: site.root + "/public/p2/index.html.tmp", withDestinationPath: outside.root + "/keep.txt")
        site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
        let second = publish(site)
        #expect(second.writeError == nil)
        #expect(snapshot(outside.root) == ["keep.txt": Array("precious\n".utf8)])
        #expect(FileSystem.ownKind(of: site.root + "/public/p1") == .directory)
        #expect(site.read("public/p1/index.html")?.contains("Changed.") == true)
    }

    @Test func theWriterRefusesPathsOutsideTheDestination() throws {
        let site = TestSite(Self.pages)
        for path in ["../escape/index.html", "/tmp/escape.html", "a/../../escape.html", ""] {
            #expect(throws: OutputSinkError.unsafePath(path)) {
                _ = try SiteWriter.open(destination: site.root + "/public", sourceDirectory: site.root, protected: [],
                                        wanted: [path])
            }
        }
        let writer = try SiteWriter.open(destination: site.root + "/public", sourceDirectory: site.root, protected: [], wanted: ["a.html"])
        #expect(throws: OutputSinkError.unsafePath("../escape.html")) { try writer.write(OutputFile(path: "../escape.html", text: "x")) }
        writer.abandon()
        #expect(!site.exists("escape.html") && !site.exists("public"))
    }

    @Test func theMemorySinkRefusesThemToo() throws {
        let sink = MemorySink()
        #expect(throws: OutputSinkError.unsafePath("../x")) { try sink.write(OutputFile(path: "../x", text: "x")) }
        try sink.write(OutputFile(path: "a/index.html", text: "a"))
        #expect(sink.files.keys.sorted() == ["a/index.html"])
    }

    /// With `relativeURLs`, the search index's script twins too (a build wrote none: search
    /// from disk found nothing).
    @Test(arguments: [false, true]) func aBuildIntoTheMemorySinkEqualsTheInMemoryBuild(relativeURLs: Bool) throws {
        let site = TestSite(SiteBuildTests.site.replacingOccurrences(
            of: "title: Test Runbooks\n", with: "title: Test Runbooks\nrelativeURLs: \(relativeURLs)\n"))
        let inMemory = site.build()
        let sink = MemorySink()
        let result = site.build { options in options.openDestination = { _ in sink } }
        #expect(result.writeError == nil)
        #expect(sink.files.keys.sorted() == inMemory.outputs.map(\.path).sorted())
        #expect(inMemory.outputs.filter { sink.files[$0.path]?.bytes != $0.bytes }.map(\.path) == [])
        #expect((sink.files["search-index.js"] != nil) == relativeURLs)
    }
}

/// Build state lives in the cache folder; the destination holds only the site.
@Suite struct BuildRecordTests {
    @Test func theRecordIsKeptPerDestinationOutsideIt() throws {
        let site = TestSite("-- content/a.md --\n# A\n")
        let cache = site.root + "/.runbook-cache"
        let manifest = BuildManifest(inputs: 7, pageCount: 1, resolvedRuleCount: 0, diagnostics: [],
                                     files: ["a/index.html": FileStamp(size: 3, modified: 9)])
        try manifest.save(cache: cache, destination: site.root + "/public")
        #expect(BuildManifest.read(cache: cache, destination: site.root + "/public") == manifest)
        #expect(BuildManifest.read(cache: cache, destination: site.root + "/other") == nil)
        #expect(BuildManifest.hasRecord(cache: cache, destination: site.root + "/./public"))
        // A record an earlier version wrote (no digests) still makes the destination ours.
        let destination = site.root + "/public"
        let older = "runbook-build 1\ndestination\t\(SiteWriter.canonicalPath(destination))\ninputs\t7\nfile\t3\t9\ta/index.html\n"
        site.write(String(BuildManifest.recordPath(cache: cache, destination: destination).dropFirst(site.root.count + 1)), older)
        #expect(BuildManifest.hasRecord(cache: cache, destination: destination))
        #expect(BuildManifest.read(cache: cache, destination: destination)?.files == manifest.files)
        #expect(BuildManifest.cacheProblem(cache: site.root + "/public/.cache", destination: site.root + "/public") != nil)
        #expect(BuildManifest.cacheProblem(cache: cache, destination: site.root + "/public") == nil)
    }

    @Test func aDestinationIsOursByItsRecordOrTheOldMarker() throws {
        let site = TestSite("-- content/a.md --\n# A\n-- public/x.html --\nx\n")
        #expect(throws: OutputSinkError.notOurs(site.root + "/public")) {
            _ = try SiteWriter.open(destination: site.root + "/public", sourceDirectory: site.root, protected: [], wanted: [])
        }
        let ours = try SiteWriter.open(destination: site.root + "/public", sourceDirectory: site.root, protected: [], wanted: [],
                                       isOurs: { $0.hasSuffix("/public") })
        ours.abandon()
        site.write("public/.runbook-build", "runbook-build 1\n")
        let legacy = try SiteWriter.open(destination: site.root + "/public", sourceDirectory: site.root, protected: [],
                                         wanted: ["index.html"])
        try legacy.write(OutputFile(path: "index.html", text: "home"))
        _ = try legacy.finish(record: { _ in })
        // Publishing removes the old marker: the destination holds only the site.
        #expect(snapshot(site.root + "/public") == ["index.html": Array("home".utf8)])
    }
}
