import Foundation
import Testing
import PropertyBased
@testable import RunbookKit
import RunbookTestSupport

#if canImport(Glibc)
import Glibc
#endif

/// `runbook build` over its own last build: with the record of what that build published, only
/// the files whose bytes changed move into place; the site is the same as a fresh build's.
@Suite struct InPlaceUpdateTests {
    static let pages = (1...12).map { "-- content/p\($0).md --\n---\ntitle: Page \($0)\n---\nVersion one of \($0).\n" }.joined()

    /// Keeps the last record, as the cache folder does between runs.
    final class Record: @unchecked Sendable {
        private let lock = NSLock()
        private var kept: BuildManifest?
        var manifest: BuildManifest? {
            get { lock.withLock { kept } }
            set { lock.withLock { kept = newValue } }
        }
    }

    func publish(_ site: TestSite, _ record: Record, into folder: String = "public",
                 writer: SiteWriter.FileWriter = .posix) -> BuildResult {
        let destination = site.root + "/" + folder
        let root = site.root
        let earlier = record.manifest?.published
        return site.build { options in
            options.openDestination = { wanted in
                try SiteWriter.open(destination: destination, sourceDirectory: root, protected: ["content", "static"],
                                    takeOver: false, wanted: wanted, isOurs: { _ in true }, writer: writer, earlier: earlier)
            }
            options.recordBuild = { record.manifest = $0 }
        }
    }

    /// The site a build from nothing writes.
    func fresh(_ site: TestSite) -> [String: [UInt8]] {
        site.remove("fresh")
        _ = publish(site, Record(), into: "fresh")
        return snapshot(site.root + "/fresh")
    }

    func inode(_ path: String) -> UInt {
        var info = stat()
        stat(path, &info)
        return UInt(info.st_ino)
    }

    @Test func aOnePageEditMovesOnlyTheChangedFilesIntoPlace() throws {
        let site = TestSite(Self.pages)
        let record = Record()
        let first = try #require(publish(site, record).writeReport)
        #expect(first.written > 12 && first.unchanged == 0)
        #expect(record.manifest?.contents.count == record.manifest?.files.count)
        let untouched = inode(site.root + "/public/p2/index.html")
        // A whole-site swap makes every folder anew; updating in place keeps them.
        let folder = inode(site.root + "/public/p2")

        site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
        let second = try #require(publish(site, record).writeReport)
        // The page, and the search files that hold its words.
        #expect(second.written >= 1 && second.written < 8, "\(second.written) written")
        // Search shards of words no page has any more go; the other files stay.
        #expect(second.unchanged >= first.written - 8 && second.removed < 4, "\(second)")
        #expect(inode(site.root + "/public/p2/index.html") == untouched)
        #expect(inode(site.root + "/public/p2") == folder)
        #expect(site.read("public/p1/index.html")?.contains("Changed.") == true)
        #expect(snapshot(site.root + "/public") == fresh(site))
        #expect(!site.exists("public/.runbook-staging") && !site.exists("public/.runbook-old"))
        // The record now names the new files: the next build is a no-op.
        #expect(record.manifest?.published.stamps["p1/index.html"] == FileStamp.of(site.root + "/public/p1/index.html"))
        #expect(publish(site, record).writeReport?.written == 0)
    }

    @Test func aRemovedPageTakesItsFileAndItsEmptyFolderAway() throws {
        let site = TestSite(Self.pages + "-- content/deep/down/page.md --\n# Deep\n")
        let record = Record()
        _ = publish(site, record)
        #expect(site.exists("public/deep/down/page/index.html"))
        site.remove("content/deep")
        site.remove("content/p3.md")
        site.write("content/p13.md", "# Thirteen\n")
        let report = try #require(publish(site, record).writeReport)
        #expect(report.removed >= 2)
        #expect(!site.exists("public/deep") && !site.exists("public/p3"))
        #expect(snapshot(site.root + "/public") == fresh(site))
    }

    @Test(arguments: [1, 2, 4])
    func aWriterFailingWhileUpdatingLeavesThePreviousSite(failAt: Int) throws {
        let site = TestSite(Self.pages)
        let record = Record()
        _ = publish(site, record)
        let before = snapshot(site.root + "/public")
        let recorded = record.manifest
        for number in 1...4 { site.write("content/p\(number).md", "---\ntitle: Page \(number)\n---\nVersion two of \(number).\n") }
        site.remove("content/p12.md")
        let failed = publish(site, record, writer: FailingWriter(failAt: failAt).writer)
        #expect(failed.writeError != nil)
        #expect(snapshot(site.root + "/public") == before)
        #expect(record.manifest == recorded)
        // The record still describes the site, so the next build updates it in place.
        let next = try #require(publish(site, record).writeReport)
        #expect(next.unchanged > 0)
        #expect(snapshot(site.root + "/public") == fresh(site))
    }

    /// A static file named like a page's folder gives way to the page: a file cannot be
    /// replaced by a folder in place, so that build swaps the whole site instead.
    @Test func aFileWhereAFolderNowGoesFallsBackToTheWholeSiteSwap() throws {
        let site = TestSite(Self.pages + "-- static/guide --\nplain\n")
        let record = Record()
        _ = publish(site, record)
        #expect(site.read("public/guide") == "plain\n")
        site.remove("static/guide")
        site.write("content/guide.md", "# Guide\n")
        let result = publish(site, record)
        #expect(result.writeError == nil)
        #expect(site.read("public/guide/index.html")?.contains("Guide") == true)
        #expect(snapshot(site.root + "/public") == fresh(site))
    }

    /// A destination changed behind the record's back (a file edited, a folder swapped for a
    /// symlink) is not updated in place: the whole site is staged and swapped, and nothing
    /// outside the destination is touched.
    @Test func aDestinationThatChangedSinceItsRecordIsRepublishedInFull() throws {
        let site = TestSite(Self.pages)
        let outside = TestSite("-- keep.txt --\nprecious\n")
        let record = Record()
        _ = publish(site, record)
        site.write("public/p4/index.html", "tampered")
        site.remove("public/p1")
        try FileManager.default.createSymbolicLink(atPath: site.root + "/public/p1", withDestinationPath: outside.root)
        site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
        let result = publish(site, record)
        #expect(result.writeError == nil)
        #expect(snapshot(outside.root) == ["keep.txt": Array("precious\n".utf8)])
        #expect(FileSystem.ownKind(of: site.root + "/public/p1") == .directory)
        #expect(snapshot(site.root + "/public") == fresh(site))
    }

    /// `build` walks its destination ahead, while pages render (`SiteWriter.Listing`): the
    /// writer takes that listing for the folder it names, and walks any other folder itself.
    @Test func aListingWalkedAheadIsTakenOnlyForItsOwnFolder() throws {
        for (elsewhere, strayKept) in [(false, true), (true, false)] {
            let site = TestSite(Self.pages)
            let record = Record()
            _ = publish(site, record)
            let destination = site.root + "/public"
            let listing = SiteWriter.Listing.of(elsewhere ? site.root + "/content" : destination)
            // Added after the walk: a listing taken for this folder does not see it, so the
            // build updates in place; a walk of its own sees it and republishes in full.
            site.write("public/stray.txt", "stray")
            site.write("content/p1.md", "---\ntitle: Page 1\n---\nChanged.\n")
            let earlier = record.manifest?.published
            let root = site.root
            let result = site.build { options in
                options.openDestination = { wanted in
                    try SiteWriter.open(destination: destination, sourceDirectory: root, protected: ["content", "static"],
                                        takeOver: false, wanted: wanted, isOurs: { _ in true }, earlier: earlier,
                                        listing: listing)
                }
                options.recordBuild = { record.manifest = $0 }
            }
            #expect(result.writeError == nil)
            #expect(FileSystem.exists(destination + "/stray.txt") == strayKept, "listing of another folder: \(elsewhere)")
        }
    }

    /// Paths that collide in every way a site can change shape: a file where a folder was,
    /// folders emptied, nested folders appearing.
    static let paths = ["index.html", "a", "a/index.html", "a/b", "a/b/index.html", "b/c.txt", "b/d/e.txt", "b", "c/index.html"]

    /// A site from a seed: which paths, and which of three contents each has; a path under
    /// one already taken as a file (or a file over a taken folder) is left out.
    static func site(_ seed: [Int]) -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for (index, path) in paths.enumerated() where index < seed.count && seed[index] > 0 {
            let clashes = files.keys.contains { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }
            if !clashes { files[path] = Array("\(path) v\(seed[index])\n".utf8) }
        }
        return files
    }

    /// Publishing a run of sites, each over the last with its record: the destination always
    /// holds exactly the latest site, and nothing of the writer's is left behind.
    @Test func everyUpdateLeavesExactlyTheNewSite() async {
        let seed = Gen<Int>.int(in: 0...3).array(of: Self.paths.count...Self.paths.count)
        await propertyCheck(count: 60, input: seed.array(of: 2...5)) { seeds in
            let root = TestSite("-- content/x.md --\n# X\n")
            let destination = root.root + "/public"
            var earlier: PublishedSite?
            for seed in seeds {
                let files = Self.site(seed)
                do {
                    let writer = try SiteWriter.open(destination: destination, sourceDirectory: root.root, protected: [],
                                                     wanted: Set(files.keys), isOurs: { _ in true }, earlier: earlier)
                    for (path, bytes) in files.sorted(by: { $0.key < $1.key }) { try writer.write(OutputFile(path: path, bytes: bytes)) }
                    let report = try writer.finish(record: { _ in })
                    earlier = PublishedSite(stamps: report.stamps, contents: report.contents)
                } catch {
                    Issue.record("publishing \(files.keys.sorted()) failed: \(error)")
                    return
                }
                #expect(snapshot(destination) == files, "after \(seeds)")
                #expect(Self.emptyFolders(destination) == [], "after \(seeds)")
            }
        }
    }

    /// Folders with nothing in them, below a root (a fresh publish makes none).
    static func emptyFolders(_ root: String) -> [String] {
        var empty: [String] = []
        func visit(_ folder: String) {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            if names.isEmpty && folder != root { empty.append(folder) }
            for name in names where FileSystem.ownKind(of: folder + "/" + name) == .directory { visit(folder + "/" + name) }
        }
        visit(root)
        return empty
    }

    @Test func digestsTellEveryOneWordChangeApart() {
        let base = Array("0123456789abcdef0123456789abcdef!".utf8)
        var seen: Set<UInt64> = [ContentDigest.of(base)]
        for index in base.indices {
            var changed = base
            changed[index] ^= 1
            seen.insert(ContentDigest.of(changed))
        }
        seen.insert(ContentDigest.of(Array(base.dropLast())))
        seen.insert(ContentDigest.of(base + [0]))
        #expect(seen.count == base.count + 3)
    }
}
