import Foundation
import Testing
import RunbookTestSupport

/// `build` keeps its state in the cache folder; the destination holds only the site.
@Suite struct BuildCacheCommandTests {
    func files(under folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? []).sorted()
    }

    @Test func theDestinationHoldsOnlyTheSiteAndTheCacheMakesRebuildsNoOps() throws {
        let root = CommandLineTests.site(["content/a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try CommandLineTests.run(["build", "-s", root]).status == 0)
        #expect(!files(under: root + "/public").contains { $0.hasPrefix(".") || $0.contains("/.") })
        #expect(files(under: root + "/.runbook-cache").filter { $0.hasSuffix(".manifest") }.count == 1)
        let second = try CommandLineTests.run(["build", "-s", root])
        #expect(second.stderr.contains("(nothing changed since the last build; 0 written)"))
    }

    @Test func withoutItsRecordAFullDestinationIsNotOursUntilCleaned() throws {
        let root = CommandLineTests.site(["content/a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(try CommandLineTests.run(["build", "-s", root]).status == 0)
        try FileManager.default.removeItem(atPath: root + "/.runbook-cache")
        let refused = try CommandLineTests.run(["build", "-s", root])
        #expect(refused.status == 2)
        #expect(refused.stderr.contains("was not written by runbook"))
        let cleaned = try CommandLineTests.run(["build", "-s", root, "--clean-destination"])
        #expect(cleaned.status == 0)
        #expect(cleaned.stderr.contains("(0 written, "))  // the unchanged files are kept as they were
    }

    @Test func aCacheDirElsewhereIsUsedAndOneInsideTheDestinationIsRefused() throws {
        let root = CommandLineTests.site(["content/a.md": "# A\n"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let inside = try CommandLineTests.run(["build", "-s", root, "--cache-dir", root + "/public/.state"])
        #expect(inside.status == 2)
        #expect(inside.stderr.contains("is inside the destination"))
        #expect(try CommandLineTests.run(["build", "-s", root, "--cache-dir", root + "/state"]).status == 0)
        #expect(!FileManager.default.fileExists(atPath: root + "/.runbook-cache"))
        let again = try CommandLineTests.run(["build", "-s", root, "--cache-dir", root + "/state"])
        #expect(again.stderr.contains("nothing changed"))
    }
}
