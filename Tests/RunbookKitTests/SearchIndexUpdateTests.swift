import Testing
import PropertyBased
@testable import RunbookKit

/// `serve` updates the search index in place after an edit; what it writes must be what a
/// fresh index of the same pages writes, including when shards split or merge.
@Suite struct SearchIndexUpdateTests {
    /// Terms from a small alphabet so pages share them, with some long shared prefixes (to
    /// make shards split) and non-letters (which share the `_` shard key).
    static let words = ["node", "node_up", "node_filesystem", "node_filesystem_avail", "nodes", "disk", "dis", "a", "b9",
                        "x-y", "x.y", "x_y", "ünï", "job:up", "latency", "latencies", "z"]

    static func document(_ seed: [Int]) -> SearchDocument {
        var weights: [String: Int] = [:]
        for (n, value) in seed.enumerated() {
            let word = words[value % words.count]
            // Long variants make some terms big enough to split their prefix's shard.
            let term = value % 3 == 0 ? word + String(repeating: "q", count: value % 7) + "\(n % 5)" : word
            weights[term] = 1 + value % 40
        }
        return SearchDocument(record: "{\"t\":\(seed.count)}", weights: weights)
    }

    static func index(_ documents: [SearchDocument]) -> SearchIndex.State {
        let state = SearchIndex.State(pagePaths: documents.indices.map { "p\($0)" }, keepDocuments: true)
        state.add(documents)
        return state
    }

    /// Nil when both write the same files; else the first path that differs (a short message).
    static func difference(_ got: [OutputFile], _ expected: [OutputFile]) -> String? {
        guard got != expected else { return nil }
        for (a, b) in zip(got, expected) where a != b { return a.path == b.path ? "content of \(a.path)" : "\(a.path) vs \(b.path)" }
        return "\(got.count) files vs \(expected.count)"
    }

    @Test func anUpdatedIndexWritesWhatAFreshOneWrites() async {
        let page = Gen<Int>.int(in: 0...400).array(of: 0...30)
        let site = page.array(of: 1...12)
        await propertyCheck(count: 300, input: site, site) { before, after in
            let count = min(before.count, after.count)
            let old = before.prefix(count).map(Self.document)
            let new = after.prefix(count).map(Self.document)
            let updated = Self.index(old)
            _ = updated.files()
            updated.update(new)
            #expect(Self.difference(updated.files(), Self.index(new).files()) == nil)
            // And again, from that state: nothing kept from the first update leaks into the second.
            updated.update(old)
            #expect(Self.difference(updated.files(), Self.index(old).files()) == nil)
        }
    }

    /// `build` adds documents in batches and keeps none; the files are those of one batch.
    @Test func batchesGiveTheFilesOfOneBatch() async {
        let site = Gen<Int>.int(in: 0...400).array(of: 0...30).array(of: 1...40)
        await propertyCheck(count: 100, input: site, Gen<Int>.int(in: 1...7)) { pages, batch in
            let documents = pages.map(Self.document)
            let batched = SearchIndex.State(pagePaths: documents.indices.map { "p\($0)" }, keepDocuments: false)
            for start in stride(from: 0, to: documents.count, by: batch) { batched.add(Array(documents[start..<min(start + batch, documents.count)])) }
            #expect(Self.difference(batched.files(), Self.index(documents).files()) == nil)
        }
    }

    @Test func manyPagesSharingAPrefixSplitItsShardAndMergeBack() {
        // ~60 KB of entries under `node`: over the 40 KB shard limit, so `node` splits.
        let big = (0..<300).map { id in SearchDocument(record: "{}", weights: Dictionary(uniqueKeysWithValues: (0..<20).map { ("node\($0)x\(id % 50)", 1 + id % 9) })) }
        let small = big.map { _ in SearchDocument(record: "{}", weights: ["node": 1]) }
        let state = Self.index(small)
        let before = state.files().map(\.path)
        state.update(big)
        let split = state.files()
        #expect(Self.difference(split, Self.index(big).files()) == nil)
        #expect(split.map(\.path).filter { $0.hasPrefix("search/index/node") }.count > 1)
        state.update(small)
        #expect(Self.difference(state.files(), Self.index(small).files()) == nil)
        #expect(state.files().map(\.path) == before)
    }
}
