/// The postings of the terms a new search index met, grouped by term while pages are added:
/// an open-addressing table over a byte hash of each term (`ByteHash`). A `[String: [Posting]]` lookup
/// per posting (Swift's seeded String hashing, then a copy-on-write check) cost ~360
/// instructions, and a corpus build makes 300,000 postings.
struct SearchTermTable {
    /// Terms in the order they were first met, and each one's postings.
    private(set) var terms: [String] = []
    private(set) var lists: [[SearchIndex.Posting]] = []
    /// Each term's hash, so a probe compares strings only when hashes agree.
    private var hashes: [UInt64] = []
    /// Term number + 1 per slot (0: empty); the count is a power of two, at most half full.
    private var slots: [Int32] = Array(repeating: 0, count: 1024)

    var isEmpty: Bool { terms.isEmpty }

    mutating func append(_ posting: SearchIndex.Posting, to term: String) {
        let hash = ByteHash.of(term)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let held = Int(slots[slot])
            if held == 0 { break }
            if hashes[held - 1] == hash && terms[held - 1] == term {
                lists[held - 1].append(posting)
                return
            }
            slot = (slot + 1) & mask
        }
        terms.append(term)
        lists.append([posting])
        hashes.append(hash)
        slots[slot] = Int32(terms.count)
        if terms.count * 2 > slots.count { grow() }
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (number, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(number + 1)
        }
    }
}
