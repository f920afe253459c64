/// The postings of the terms a new search index met, grouped by term while pages are added:
/// `HashSlots` over a byte hash of each term (`ByteHash`). A `[String: [Posting]]` lookup per
/// posting (Swift's seeded String hashing, then a copy-on-write check) cost ~360
/// instructions, and a corpus build makes 300,000 postings.
struct SearchTermTable {
    /// Terms in the order they were first met, and each one's postings.
    private(set) var terms: [String] = []
    private(set) var lists: [[SearchIndex.Posting]] = []
    private var slots = HashSlots(expected: 512)

    var isEmpty: Bool { terms.isEmpty }

    mutating func append(_ posting: SearchIndex.Posting, to term: String) {
        var probe = slots.probe(ByteHash.of(term))
        while let candidate = slots.next(&probe) {
            if terms[candidate] == term {
                lists[candidate].append(posting)
                return
            }
        }
        terms.append(term)
        lists.append([posting])
        _ = slots.add(probe)
    }
}
