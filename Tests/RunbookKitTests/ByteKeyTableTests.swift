import Testing
@testable import RunbookKit

/// The search tables key terms by their bytes, hashed eight bytes a step: every key must come
/// back as its own entry, and keys alike but for one byte (a metric's suffix, a word's tail)
/// must spread over the slots, not pile up in a few.
@Suite struct ByteKeyTableTests {
    /// Metric names, words and numbers that differ in one place: at the start, inside a word
    /// of eight bytes, in the tail, or by length alone.
    static let keys: [String] = (0..<20_000).flatMap { index in
        ["node_filesystem_\(index)_bytes", "t\(index)", "\(index)", "abcdefgh\(index)", String(repeating: "x", count: index % 40 + 1)]
    }

    @Test func everyKeyIsItsOwnEntry() {
        var table = ByteKeyTable(expected: 16)
        var first: [String: Int] = [:]
        for key in Self.keys {
            var key = key
            let (entry, isNew) = key.withUTF8 { table.entry($0) }
            if let known = first[key] {
                #expect(entry == known && !isNew, "\(key)")
            } else {
                #expect(isNew && entry == first.count, "\(key)")
                first[key] = entry
            }
        }
        #expect(table.count == first.count)
        #expect(table.keys.strings == first.sorted { $0.value < $1.value }.map(\.key))
    }

    /// A slot keeps only the high half of its entry's hash: two entries alike in that half and
    /// on one probe path are both handed over, in the order they were added, for the caller's
    /// comparison of keys to decide.
    @Test func entriesAlikeInTheKeptHalfOfTheirHashAreBothCandidates() {
        var slots = HashSlots(expected: 4)
        let first: UInt64 = 0xAAAA_AAAA_0000_0001, second: UInt64 = 0xAAAA_AAAA_0001_0001, other: UInt64 = 0xBBBB_BBBB_0000_0001
        for hash in [first, second, other] {
            var probe = slots.probe(hash)
            while slots.next(&probe) != nil {}
            _ = slots.add(probe)
        }
        func candidates(_ hash: UInt64) -> [Int] {
            var probe = slots.probe(hash)
            var found: [Int] = []
            while let entry = slots.next(&probe) { found.append(entry) }
            return found
        }
        #expect(candidates(second) == [0, 1])
        #expect(candidates(other) == [2])
        #expect(candidates(0xCCCC_CCCC_0000_0001).isEmpty)
    }

    @Test func alikeKeysSpreadOverTheSlots() {
        let distinct = Array(Set(Self.keys))
        var hashes = Set<UInt64>()
        var buckets = [Int](repeating: 0, count: 1 << 12)
        for key in distinct {
            var key = key
            let hash = key.withUTF8 { ByteHash.of($0) }
            hashes.insert(hash)
            buckets[Int(hash & 0xFFF)] += 1
        }
        #expect(hashes.count == distinct.count)
        // 80,040 keys in 4,096 buckets: 19.5 on average, and about 40 in the fullest for a
        // uniform hash; 50 or more, for one seed in 40,000. Low bits that ignore a
        // word's high bytes put 10,000 keys in one.
        #expect(distinct.count == 80_040)
        #expect(buckets.max() ?? 0 < 50, "fullest bucket: \(buckets.max() ?? 0)")
    }
}
