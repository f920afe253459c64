/// The search index's postings kept between `runbook build`s (in `BuildState`): a build after
/// an edit of a few pages' text changes the postings of the terms those pages changed, instead
/// of making every page's document again (a quarter of a build).
extension SearchIndex.State {
    /// The page count, then every term (sorted) with its shard key, its JSON entry and its
    /// postings. The entries are kept, not made again: making them was half of a patched build.
    func save(into writer: inout ByteWriter) {
        settleAddedTerms()
        // Group by group, each sorted: what `restored` needs, without sorting every term again.
        let terms = termsByTop.keys.sorted().flatMap { termsByTop[$0] ?? [] }
        writer.int(pageCount)
        writer.int(terms.count)
        for term in terms {
            let list = postings[term] ?? []
            let entry = entries[term] ?? (json: "", key: "")
            writer.string(term)
            writer.string(entry.key)
            writer.string(entry.json)
            writer.int(list.count)
            // (page, weight) pairs: where that is `Posting`'s layout, one copy per term.
            if Self.postingIsTwoWords {
                list.withUnsafeBufferPointer { postings in
                    postings.withMemoryRebound(to: UInt32.self) { writer.u32s($0) }
                }
            } else {
                for posting in list {
                    writer.u32(posting.page)
                    writer.u32(posting.weightValue)
                }
            }
        }
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_")
    }

    private static var postingIsTwoWords: Bool {
        MemoryLayout<SearchIndex.Posting>.stride == 8 && MemoryLayout<SearchIndex.Posting>.offset(of: \.page) == 0
            && MemoryLayout<SearchIndex.Posting>.offset(of: \.weightValue) == 4
    }

    /// The index as `save` left it, for the same pages, or nil when the bytes are not such an
    /// index (ids out of order or out of range, a term twice, a short file). Its files are then
    /// every shard, the manifest, and the records of the pages `replace` is given.
    /// - Parameter pages: the number of searchable pages it must be for.
    static func restored(from reader: inout ByteReader, pages expected: Int? = nil) -> SearchIndex.State? {
        guard let pages = reader.int(), expected.map({ $0 == pages }) ?? true,
              let count = reader.int(atMost: reader.remaining / 32) else { return nil }
        let state = SearchIndex.State(pagePaths: [], keepDocuments: false, keepPostings: true)
        state.pageCount = pages
        state.postings.reserveCapacity(count)
        state.entries.reserveCapacity(count)
        for _ in 0..<count {
            guard let term = reader.string(), !term.isEmpty, let key = reader.string(), let json = reader.string(),
                  let length = reader.int(atMost: reader.remaining / 8), length > 0 else { return nil }
            guard let pairs = reader.u32s(length * 2) else { return nil }
            var list: [SearchIndex.Posting] = []
            list.reserveCapacity(length)
            var previous = -1
            for slot in 0..<length {
                let page = Int(pairs[2 * slot])
                guard page < pages, page > previous else { return nil }
                previous = page
                list.append(SearchIndex.Posting(id: page, weight: Int(pairs[2 * slot + 1])))
            }
            // A file name is made of the key: only what `shardKey` makes (`a-z`, `0-9`, `_`) is taken.
            guard !key.isEmpty, key.utf8.count <= SearchIndex.maxKeyLength, key.utf8.allSatisfy(Self.isKeyByte),
                  state.postings.updateValue(list, forKey: term) == nil else { return nil }
            state.entries[term] = (json, key)
            state.termsByTop[top(key), default: []].append(term)
        }
        guard reader.isAtEnd else { return nil }
        // Saved in order: each group's terms are sorted already. Every group is split again
        // (from the kept entries), so every shard and the manifest are made.
        state.changedTops = Set(state.termsByTop.keys)
        return state
    }

    /// Lets go of the files made (a build has written them): only what `save` reads stays.
    func dropFiles() {
        recordFiles = []
        shardsByTop = [:]
    }

    /// Puts a page's new document in: its record file, and the postings of the terms whose
    /// weight on the page changed (its old weights are read back from the postings).
    func replace(page id: Int, with document: SearchDocument) {
        var old: [String: Int] = [:]
        for (term, list) in postings {
            let slot = Self.slot(of: id, in: list)
            if slot < list.count, list[slot].id == id { old[term] = list[slot].weight }
        }
        changePostings(of: id, from: old, to: document.weights)
        settleChangedTerms()
        recordFiles.append(SearchIndex.recordFile(id, document))
    }
}
