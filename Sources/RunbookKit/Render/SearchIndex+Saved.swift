/// The search index's postings kept between `runbook build`s (in `BuildState`): a build after
/// an edit of a few pages' text changes the postings of the terms those pages changed, instead
/// of making every page's document again (a quarter of a build).
extension SearchIndex.State {
    /// The page count, then group by group (sorted): its terms (sorted) with their shard
    /// keys, JSON entries and postings, then its shards (key, size, terms by position). The
    /// entries and the layout are kept, not made again: making them was half of a patched build.
    func save(into writer: inout ByteWriter) {
        settleAddedTerms()
        // Room for all of it at once: grown by doubling, the buffer was copied a dozen times
        // and a seventh of a cold build's page faults were its new pages.
        var size = 16
        for (term, entry) in entries { size += term.utf8.count + entry.key.utf8.count + entry.json.utf8.count + 40 }
        for list in postings.values { size += list.count * 8 }
        writer.reserve(size + termsByTop.count * 64 + entries.count * 8)
        let tops = termsByTop.keys.sorted()
        writer.int(pageCount)
        writer.int(tops.count)
        for top in tops {
            let terms = termsByTop[top] ?? []
            writer.string(top)
            writer.int(terms.count)
            var position: [String: Int] = [:]
            position.reserveCapacity(terms.count)
            for (index, term) in terms.enumerated() {
                position[term] = index
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
            let shards = shardsByTop[top] ?? []
            writer.int(shards.count)
            for shard in shards {
                writer.string(shard.key)
                writer.int(shard.size)
                writer.int(shard.terms.count)
                for term in shard.terms { writer.int(position[term] ?? -1) }
            }
        }
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || byte == UInt8(ascii: "_")
    }

    private static func isKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.count <= SearchIndex.maxKeyLength && key.utf8.allSatisfy(isKeyByte)
    }

    private static var postingIsTwoWords: Bool {
        MemoryLayout<SearchIndex.Posting>.stride == 8 && MemoryLayout<SearchIndex.Posting>.offset(of: \.page) == 0
            && MemoryLayout<SearchIndex.Posting>.offset(of: \.weightValue) == 4
    }

    /// The index as `save` left it, or nil when the bytes are not such an index (ids out of
    /// order or out of range, a term twice, a key that is not a file name, a short file). Its
    /// files are then the shards an edit changes, the manifest, and the records of the pages
    /// `replace` is given; every other shard stays as published.
    /// - Parameter pages: the number of searchable pages it must be for.
    static func restored(from reader: inout ByteReader, pages expected: Int? = nil) -> SearchIndex.State? {
        guard let pages = reader.int(), expected.map({ $0 == pages }) ?? true,
              let topCount = reader.int(atMost: reader.remaining / 16) else { return nil }
        let state = SearchIndex.State(pagePaths: [], keepDocuments: false, keepPostings: true)
        state.pageCount = pages
        var previousTop: String?
        for _ in 0..<topCount {
            // Groups and their terms in order, as `save` writes them: updates find a term's
            // place by binary search.
            guard let top = reader.string(), previousTop.map({ $0 < top }) ?? true,
                  let count = reader.int(atMost: reader.remaining / 32) else { return nil }
            previousTop = top
            var terms: [String] = []
            terms.reserveCapacity(count)
            for _ in 0..<count {
                guard let term = reader.string(), !term.isEmpty, let key = reader.string(), let json = reader.string(),
                      let length = reader.int(atMost: reader.remaining / 8), length > 0,
                      let pairs = reader.u32s(length * 2) else { return nil }
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
                guard isKey(key), Self.top(key) == top, terms.last.map({ $0 < term }) ?? true,
                      state.postings.updateValue(list, forKey: term) == nil else { return nil }
                state.entries[term] = (json, key)
                terms.append(term)
            }
            guard let shardCount = reader.int(atMost: reader.remaining / 24) else { return nil }
            var shards: [SearchIndex.State.Shard] = []
            for _ in 0..<shardCount {
                guard let key = reader.string(), isKey(key), let size = reader.int(),
                      let length = reader.int(atMost: reader.remaining / 8) else { return nil }
                var members: [String] = []
                members.reserveCapacity(length)
                for _ in 0..<length {
                    guard let index = reader.int(atMost: terms.count - 1) else { return nil }
                    members.append(terms[index])
                }
                shards.append((key, members, nil, size))
            }
            guard !terms.isEmpty else { return nil }
            state.termsByTop[top] = terms
            state.shardsByTop[top] = shards.isEmpty ? nil : shards
        }
        guard reader.isAtEnd else { return nil }
        return state
    }

    /// Every shard's path and the manifest's, made or not: what the index publishes apart
    /// from the page records.
    var indexPaths: [String] {
        shardsByTop.values.joined().map { SearchIndex.shardPath($0.key) } + [SearchIndex.manifestPath]
    }

    /// Lets go of the files made (a build has written them): only what `save` reads stays,
    /// the shards' layout included.
    func dropFiles() {
        recordFiles = []
        shardsByTop = shardsByTop.mapValues { shards in shards.map { ($0.key, $0.terms, nil, $0.size) } }
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
