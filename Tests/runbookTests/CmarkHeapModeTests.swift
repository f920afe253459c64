import Foundation
import Testing
import RunbookTestSupport

/// `RUNBOOK_CMARK_ARENA=off` (what `scripts/memcheck` runs with) builds the same site as the
/// arena does: libcmark's blocks from the C heap, each freed on its own, the same HTML.
@Suite struct CmarkHeapModeTests {
    @Test func theCorpusBuildsTheSameWithoutTheArena() throws {
        guard Corpus.isAvailable else { return }
        let work = NSTemporaryDirectory() + "runbook-heap-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: work) }
        for (name, mode) in [("arena", "on"), ("heap", "off")] {
            let run = try RunbookBinary.run(["build", "-s", Corpus.path, "-d", "\(work)/\(name)", "--cache-dir", "\(work)/\(name)-cache",
                                             "--severity", "rule-not-found=warning"], environment: ["RUNBOOK_CMARK_ARENA": mode])
            #expect(run.status == 0, "\(run.stderr.suffix(2000))")
        }
        let files = try FileManager.default.subpathsOfDirectory(atPath: "\(work)/arena").sorted()
        #expect(files == (try FileManager.default.subpathsOfDirectory(atPath: "\(work)/heap").sorted()))
        #expect(files.count > 3000)
        var differing: [String] = []
        for file in files where FileManager.default.contents(atPath: "\(work)/arena/\(file)") != FileManager.default.contents(atPath: "\(work)/heap/\(file)") {
            differing.append(file)
        }
        #expect(differing.isEmpty, "\(differing.prefix(5))")
    }
}
