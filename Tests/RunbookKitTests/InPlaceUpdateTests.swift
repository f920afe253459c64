import Foundation
import Testing
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
