/// The search index's postings kept between `runbook build`s (in `BuildState`): a build after
/// an edit of a few pages' text changes the postings of the terms those pages changed, instead
/// of making every page's document again (a quarter of a build).
extension SearchIndex.State {
    /// The page count, then every term (sorted) with its postings: `term, count, (id, weight)…`.
    func save(into writer: inout ByteWriter) {
        let terms = postings.keys.sorted()
        writer.int(pageCount)
        writer.int(terms.count)
        for term in terms {
            let list = postings[term] ?? []
            writer.string(term)
            writer.int(list.count)
            writer.reserve(list.count * 8)
            for posting in list {
                writer.u32(posting.page)
                writer.u32(posting.weightValue)
            }
        }
    }

    /// The index as `save` left it, for the same pages, or nil when the bytes are not such an
    /// index (ids out of order or out of range, a term twice, a short file). Its files are then
    /// every shard, the manifest, and the records of the pages `replace` is given.
    static func restored(from reader: inout ByteReader, pagePaths: [String]) -> SearchIndex.State? {
        guard let pages = reader.int(), pages == pagePaths.count,
              let count = reader.int(atMost: reader.remaining / 16) else { return nil }
        var postings: [String: [SearchIndex.Posting]] = Dictionary(minimumCapacity: count)
        for _ in 0..<count {
            guard let term = reader.string(), !term.isEmpty, let length = reader.int(atMost: reader.remaining / 8), length > 0 else { return nil }
            var list: [SearchIndex.Posting] = []
            list.reserveCapacity(length)
            for _ in 0..<length {
                guard let page = reader.u32(), let weight = reader.u32(), Int(page) < pages,
                      list.last.map({ $0.page < page }) ?? true else { return nil }
                list.append(SearchIndex.Posting(id: Int(page), weight: Int(weight)))
            }
            guard postings.updateValue(list, forKey: term) == nil else { return nil }
        }
        guard reader.isAtEnd else { return nil }
        let state = SearchIndex.State(pagePaths: pagePaths, keepDocuments: false, keepPostings: true)
        state.pageCount = pages
        state.postings = postings
        state.addedTerms = Array(postings.keys)
        state.settleAddedTerms()
        return state
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
