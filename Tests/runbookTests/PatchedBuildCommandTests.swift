import Foundation
import Testing
import RunbookTestSupport

/// `runbook build` keeps a state beside its record; after an edit of one page's text it redoes
/// that page from it (`--timings` shows the `edited pages` stage) and writes what a build from
/// scratch writes.
@Suite struct PatchedBuildCommandTests {
    static let pages: [String: String] = {
        var files = ["rules/db.yml": CommandLineTests.rules,
                     "content/_index.md": "---\ntitle: Home\n---\nWelcome.\n"]
        for n in 1...6 {
            files["content/runbooks/p\(n).md"] = "---\ntitle: Page \(n)\n---\nSummary \(n).\n\n## Mitigation\n\nStep \(n).\n"
        }
        return files
    }()

    func tree(_ root: String) -> [String: Data] {
        var result: [String: Data] = [:]
        for case let path as String in FileManager.default.enumerator(atPath: root)?.allObjects ?? [] {
            var folder: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &folder), !folder.boolValue {
                result[path] = FileManager.default.contents(atPath: root + "/" + path)
            }
        }
        return result
    }

    @Test func aBodyEditWritesWhatAFullBuildWritesAndKeepsAState() throws {
        let root = CommandLineTests.site(Self.pages)
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try CommandLineTests.run(["build", "-s", root])
        #expect(first.status == 0, "\(first.stderr)")
        let cache = (FileManager.default.enumerator(atPath: root + "/.runbook-cache")?.allObjects as? [String]) ?? []
        #expect(cache.filter { $0.hasSuffix(".state") }.count == 1, "\(cache)")

        let page = root + "/content/runbooks/p3.md"
        try Data("---\ntitle: Page 3\n---\nSummary 3.\n\n## Mitigation\n\nStep 3, then step 4.\n".utf8).write(to: URL(fileURLWithPath: page))
        let second = try CommandLineTests.run(["build", "-s", root, "--timings"])
        #expect(second.status == 0, "\(second.stderr)")
        #expect(!second.stderr.contains("(0 written"), "\(second.stderr)")
        // The patched build names its stage apart from a full build's `markdown`.
        #expect(second.stderr.contains("  edited pages") && !second.stderr.contains("  markdown"), "\(second.stderr)")

        // The same sources from scratch, elsewhere, with their own cache.
        let fresh = try CommandLineTests.run(["build", "-s", root, "-d", root + "/fresh", "--cache-dir", root + "/fresh-cache"])
        #expect(fresh.status == 0, "\(fresh.stderr)")
        let patched = tree(root + "/public"), full = tree(root + "/fresh")
        #expect(patched.count > 6 && patched.keys.sorted() == full.keys.sorted())
        #expect(patched.keys.filter { patched[$0] != full[$0] }.sorted() == [])
        #expect(String(decoding: patched["runbooks/p3/index.html"] ?? Data(), as: UTF8.self).contains("then step 4"))

        let third = try CommandLineTests.run(["build", "-s", root])
        #expect(third.stderr.contains("nothing changed"), "\(third.stderr)")
    }
}
