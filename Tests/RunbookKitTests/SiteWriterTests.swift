import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

@Suite struct SiteWriterTests {
    let fixture = TestSite("-- content/a.md --\n# A\n")
    var destination: String { fixture.root + "/public" }

    /// - Parameter ours: whether the build record says runbook wrote the destination.
    func sync(_ outputs: [OutputFile], takeOver: Bool = false, ours: Bool = true) throws -> SiteWriter.Report {
        try SiteWriter.sync(outputs: outputs, staticFiles: [], destination: destination, sourceDirectory: fixture.root,
                            protected: ["content", "rules", "templates"], takeOver: takeOver, isOurs: { _ in ours })
    }

    @Test func writesOnlyWhatChangedAndRemovesWhatIsGone() throws {
        let first = [OutputFile(path: "index.html", text: "home"), OutputFile(path: "a/index.html", text: "a"),
                     OutputFile(path: "old/index.html", text: "old")]
        #expect(try sync(first) == SiteWriter.Report(written: 3, unchanged: 0, removed: 0))
        #expect(try sync(first) == SiteWriter.Report(written: 0, unchanged: 3, removed: 0))
        fixture.write("public/.git/HEAD", "ref")  // a deploy checkout inside the destination survives
        let second = [OutputFile(path: "index.html", text: "home"), OutputFile(path: "a/index.html", text: "changed")]
        #expect(try sync(second) == SiteWriter.Report(written: 1, unchanged: 1, removed: 1))
        #expect(fixture.read("public/a/index.html") == "changed")
        #expect(!FileManager.default.fileExists(atPath: destination + "/old"))
        #expect(fixture.read("public/.git/HEAD") == "ref")
    }

    @Test func unchangedFilesKeepTheirModificationTime() throws {
        let outputs = [OutputFile(path: "index.html", text: "home")]
        _ = try sync(outputs)
        let before = try FileManager.default.attributesOfItem(atPath: destination + "/index.html")[.modificationDate] as? Date
        Thread.sleep(forTimeInterval: 0.02)
        _ = try sync(outputs)
        let after = try FileManager.default.attributesOfItem(atPath: destination + "/index.html")[.modificationDate] as? Date
        #expect(before == after)
    }

    @Test func refusesDestinationsItMustNotOwn() {
        for (target, reason) in [("/", "root"), (fixture.root, "sources"), (fixture.root + "/content", "content"),
                                 (fixture.root + "/..", "sources")] {
            #expect(throws: SiteWriter.Refusal.self, "\(reason)") {
                try SiteWriter.sync(outputs: [], staticFiles: [], destination: target, sourceDirectory: fixture.root,
                                    protected: ["content"])
            }
        }
    }

    @Test func refusesAFolderOfSomeoneElsesFilesUnlessTakenOver() throws {
        fixture.write("public/precious.txt", "keep me")
        #expect(throws: SiteWriter.Refusal.self) { try sync([OutputFile(path: "index.html", text: "x")], ours: false) }
        #expect(fixture.read("public/precious.txt") == "keep me")
        #expect(try sync([OutputFile(path: "index.html", text: "x")], takeOver: true, ours: false).removed == 1)
    }

    /// Files are made relative to the staging folder the writer opened: a path swapped after
    /// the checks (here the destination moved away, as a symlink planted in its path would
    /// be) cannot send the rest of the build elsewhere.
    @Test func stagesIntoTheFolderItOpenedWhateverThePathNamesLater() throws {
        let wanted: Set<String> = ["index.html", "a/b/index.html", "search/late.json"]
        let sink = try SiteWriter.open(destination: destination, sourceDirectory: fixture.root, protected: ["content"],
                                       wanted: wanted)
        try sink.write(OutputFile(path: "index.html", text: "home"))
        try FileManager.default.moveItem(atPath: destination, toPath: fixture.root + "/moved")
        try sink.write(OutputFile(path: "a/b/index.html", text: "b"))
        try sink.write(OutputFile(path: "search/late.json", text: "{}"))
        // A file outside the plan, as the search index's shards are: its folder is made now.
        try sink.write(OutputFile(path: "search/index/x.json", text: "[]"))
        #expect(fixture.read("moved/.runbook-staging/a/b/index.html") == "b")
        #expect(fixture.read("moved/.runbook-staging/search/late.json") == "{}")
        #expect(fixture.read("moved/.runbook-staging/search/index/x.json") == "[]")
        #expect(!fixture.exists("public"))
        sink.abandon()
    }

    @Test func foldersUnderAnOpenFolderAreMadeLikeMkdirP() throws {
        fixture.write("out/file", "x")
        let folder = FileSystem.Folder.open(fixture.path("out"))
        #expect(folder.isOpen)
        defer { folder.close() }
        try folder.createDirectory("a/b/c")
        try folder.createDirectory("a/b")  // there already
        try folder.writeNew(Array("deep".utf8), at: "a/b/c/index.html")
        #expect(fixture.read("out/a/b/c/index.html") == "deep")
        let error = #expect(throws: FileSystem.Failure.self) {
            try folder.createDirectory("file/sub")
        }
        #expect(error?.path == fixture.path("out/file/sub"))
        #expect(throws: FileSystem.Failure.self) {  // never over an existing file
            try folder.writeNew([], at: "file")
        }
        #expect(!FileSystem.Folder.open(fixture.path("out/file")).isOpen)
        // A folder that could not be opened makes its paths whole instead.
        let unopened = FileSystem.Folder(path: fixture.path("out"), descriptor: AT_FDCWD)
        try unopened.createDirectory("x/y")
        try unopened.writeNew(Array("whole".utf8), at: "x/y/index.html")
        #expect(fixture.read("out/x/y/index.html") == "whole")
    }
}

@Suite struct BuildManifestTests {
    @Test func roundTripsThroughItsFile() {
        var diagnostic = Diagnostic(.ruleNotFound, "alert \"X\"\tis\nmissing", at: SourceLocation(file: "content/a.md", line: 3, column: 1))
        diagnostic.severity = .warning
        let manifest = BuildManifest(inputs: 42, pageCount: 7, resolvedRuleCount: 3,
                                     diagnostics: [diagnostic, Diagnostic(.configInvalid, "no place", at: nil)],
                                     files: ["a/index.html": .init(size: 10, modified: 123), "b.txt": .init(size: 1, modified: 2)],
                                     contents: ["a/index.html": 0xFEED_F00D_1234_5678])
        let parsed = BuildManifest.parse(manifest.serialized())
        #expect(parsed?.inputs == 42)
        #expect(parsed?.files == manifest.files)
        #expect(parsed?.contents == manifest.contents)
        // A version 1 record (no digests) still reads: the destination stays ours, and the
        // writer, finding no digests, publishes the whole site.
        let old = BuildManifest.parse("runbook-build 1\ninputs\t5\nfile\t1\t2\ta.html\n")
        #expect(old?.files == ["a.html": .init(size: 1, modified: 2)] && old?.contents == [:])
        #expect(parsed?.diagnostics.map(\.description) == [
            "content/a.md:3:1: warning: alert \"X\" is\\nmissing [rule-not-found]", "error: no place [config-invalid]"])
        #expect(BuildManifest.parse("something else\n") == nil)
    }

    @Test func inputDigestChangesWithAnyInput() {
        let fixture = TestSite("-- content/a.md --\n# A\n-- rules/r.yml --\ngroups: []\n")
        func digest(_ configure: (inout BuildOptions) -> Void = { _ in }) -> UInt64 {
            var options = BuildOptions(sourceDirectory: fixture.root)
            configure(&options)
            let loaded = Loader.load(sourceDirectory: fixture.root, config: SiteConfig())
            return InputDigest.compute(loaded: loaded, options: options, toolVersion: "test").value
        }
        let base = digest()
        #expect(digest() == base)
        #expect(digest { $0.baseURL = "https://x/" } != base)
        #expect(digest { $0.severity = SeverityPolicy(overrides: ["rule-not-found": .warning]) } != base)
        fixture.write("rules/r.yml", "groups: [] # edited\n")
        #expect(digest() != base)
    }
}

@Suite struct WriteAsRenderedTests {
    /// A build written by the real writer into the site's `public/`.
    static func buildIntoPublic(_ site: TestSite) -> BuildResult {
        let destination = site.root + "/public"
        let root = site.root
        return site.build { options in
            options.openDestination = { wanted in
                try SiteWriter.open(destination: destination, sourceDirectory: root, protected: ["content"],
                                    takeOver: false, wanted: wanted)
            }
        }
    }

    @Test func theWrittenSiteEqualsTheSiteBuiltInMemory() throws {
        let site = TestSite(SiteBuildTests.site + "\n-- content/pic.txt --\nstatic file\n")
        let inMemory = site.build()
        let destination = site.root + "/public"
        let result = Self.buildIntoPublic(site)
        #expect(result.writeError == nil)
        #expect(result.outputs.isEmpty)
        let report = try #require(result.writeReport)
        #expect(report.written == inMemory.outputs.count + 1)
        for file in inMemory.outputs {
            #expect(FileManager.default.contents(atPath: destination + "/" + file.path).map(Array.init) == file.bytes, "\(file.path)")
        }
        #expect(site.read("public/pic.txt") == "static file\n")
    }

    /// The search index is built while the pages are written, so its file names are not known
    /// when the writer opens: a copied file in its folders is refused up front, in every build.
    @Test func aCopiedFileInTheSearchIndexFoldersIsAConflict() {
        let site = TestSite(SiteBuildTests.site + """

            -- templates/search/pages/0.json --
            {"t":"theme"}
            -- content/search/index/a.json --
            {}
            -- templates/search/notes.json --
            {}
            """)
        for result in [site.build(), site.build { $0.openDestination = { _ in MemorySink() } }] {
            #expect(result.report.filter { $0.hasSuffix("[url-conflict]") } == [
                "\(site.root)/content/search/index/a.json: error: static file \(site.root)/content/search/index/a.json would be written to search/index/a.json, where the search index keeps its files; move or rename it [url-conflict]",
                "templates/search/pages/0.json: error: theme asset search/pages/0.json would be written to search/pages/0.json, where the search index keeps its files; move or rename it [url-conflict]",
            ])
            #expect(result.writeReport == nil)
        }
    }

    /// A page whose address is a search record's file keeps it: the record, written while the
    /// pages render, is left out, as the in-memory build leaves it out.
    @Test func aPageNamedLikeASearchRecordKeepsItsFile() throws {
        let site = TestSite(SiteBuildTests.site + """

            -- content/odd.md --
            ---
            title: Odd
            url: /search/pages/0.json
            ---
            Odd page.
            """)
        let inMemory = site.build()
        let expected = try #require(inMemory.file("search/pages/0.json"))
        #expect(expected.hasPrefix("<!DOCTYPE html>"))
        let result = Self.buildIntoPublic(site)
        #expect(result.writeError == nil)
        #expect(site.read("public/search/pages/0.json") == expected)
        #expect(site.read("public/search/pages/1.json") == inMemory.file("search/pages/1.json"))
    }

    @Test func aSiteWithErrorsOpensNoDestination() {
        let site = TestSite("-- content/a.md --\n{{< nosuch >}}\n")
        let result = site.build { options in
            options.openDestination = { _ in
                Issue.record("the destination must not be opened")
                throw SiteWriter.Refusal.failed("unreachable")
            }
        }
        #expect(result.errorCount == 1)
        #expect(result.writeReport == nil && result.writeError == nil)
    }
}
