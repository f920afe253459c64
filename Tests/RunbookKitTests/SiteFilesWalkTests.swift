import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// The destination walk by folder descriptors (`SiteWriter.siteFiles`): every regular file at
/// every depth, the first two levels walked here and the rest on all cores, never through a
/// symlink, and without the top level's dot entries (the writer's staging folders).
@Suite struct SiteFilesWalkTests {
    @Test func listsEveryFileAtEveryDepthAndNothingThroughALink() throws {
        let fixture = TestSite("-- content/a.md --\n# A\n")
        let root = fixture.root + "/public"
        let outside = fixture.root + "/elsewhere"
        let manager = FileManager.default
        var expected: Set<String> = []
        for path in ["index.html", "a/index.html", "a/b/index.html", "a/b/c/index.html", "a/b/c/d/e/f.txt",
                     "tags/x/index.html", "tags/y/index.html", "a/.hidden-below-the-top", "z/only/one/deep/file"] {
            let full = root + "/" + path
            try manager.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try Data(path.utf8).write(to: URL(fileURLWithPath: full))
            expected.insert(path)
        }
        try manager.createDirectory(atPath: root + "/empty/folders/only", withIntermediateDirectories: true)
        // Left out: the top level's dot entries, and whatever a symlink leads to.
        try manager.createDirectory(atPath: root + "/.runbook-staging/a", withIntermediateDirectories: true)
        try Data("staged".utf8).write(to: URL(fileURLWithPath: root + "/.runbook-staging/a/index.html"))
        try manager.createDirectory(atPath: outside + "/secret", withIntermediateDirectories: true)
        try Data("secret".utf8).write(to: URL(fileURLWithPath: outside + "/secret/file"))
        try manager.createSymbolicLink(atPath: root + "/a/b/linked-folder", withDestinationPath: outside)
        try manager.createSymbolicLink(atPath: root + "/a/b/c/linked-file", withDestinationPath: outside + "/secret/file")
        try manager.createSymbolicLink(atPath: root + "/top-link", withDestinationPath: outside)

        let listed = SiteWriter.siteFiles(in: root)
        #expect(listed.count == expected.count, "each file once")
        #expect(Set(listed) == expected)
    }

    /// A deep tree is walked whole, a level at a time with one folder open at once.
    @Test func aDeepTreeIsWalkedToItsBottom() throws {
        let fixture = TestSite("-- content/a.md --\n# A\n")
        let root = fixture.root + "/public"
        let deep = (0..<120).map { "d\($0 % 10)" }.joined(separator: "/")
        try FileManager.default.createDirectory(atPath: root + "/" + deep, withIntermediateDirectories: true)
        try Data("bottom".utf8).write(to: URL(fileURLWithPath: root + "/" + deep + "/index.html"))
        try Data("top".utf8).write(to: URL(fileURLWithPath: root + "/index.html"))
        #expect(Set(SiteWriter.siteFiles(in: root)) == [deep + "/index.html", "index.html"])
    }

    @Test func aMissingDestinationHasNoFiles() {
        #expect(SiteWriter.siteFiles(in: "/nonexistent-\(UUID().uuidString)").isEmpty)
    }
}
