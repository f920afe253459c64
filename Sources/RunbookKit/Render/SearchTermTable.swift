/// The postings of the terms a new search index met, grouped by term while pages are added:
/// a `ByteKeyTable` of the terms' bytes. A `[String: [Posting]]` lookup per posting (Swift's
/// seeded String hashing, then a copy-on-write check) cost ~360 instructions, and a corpus
/// build makes 150,000 postings; a String per posting cost about as much again.
struct SearchTermTable {
    private var table = ByteKeyTable(expected: 512)
    /// Each term's postings, by its number in `table`.
    private(set) var lists: [[SearchIndex.Posting]] = []

    var isEmpty: Bool { lists.isEmpty }

    /// The terms in the order they were first met (Strings made once, here).
    var terms: [String] { table.keys.strings }

    /// A page's postings, one per term it holds.
    mutating func add(_ document: SearchDocument, id: Int) {
        document.forEachTerm { term, weight in
            let posting = SearchIndex.Posting(id: id, weight: weight)
            let (entry, isNew) = table.entry(term)
            if isNew { lists.append([posting]) } else { lists[entry].append(posting) }
        }
    }
}
