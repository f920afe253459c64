/// The search index, split so a query fetches little at any site size (as Pagefind does):
///
/// - `search-index.json`: the manifest — page count and every term shard with its size.
/// - `search/index/<key>.json`: the terms whose (file-name-safe) prefix is `<key>`, each with
///   its postings `[idDelta, weight, idDelta, weight, …]` by ascending page id. A shard over
///   `shardLimit` bytes is split by one more character, so `node_…` metrics get their own.
/// - `search/pages/<id>.json`: one page's results entry, fetched only when it is shown.
///
/// Page ids number the searchable pages in site order. Keys, terms and postings are sorted:
/// the same site gives byte-identical files. The theme's script and `bench/search-size.py`
/// read this layout; change them together.
enum SearchIndex {
    static let manifestPath = "search-index.json"
    static let shardLimit = 40_000
    static let maxKeyLength = 8
    /// A term in more pages keeps only its heaviest postings (then the lowest ids): a word in
    /// every page says nothing, and its list would be most of a shard.
    static let postingsCap = 1_000

    /// - Parameter cached: a page's `SearchDocument` from an earlier build, when nothing in it
    ///   changed (`serve`). Kept as it is: parsing it back from text cost more than making it.
    ///   - keepRecords: whether to return each page's document for the next build (`serve`).
    ///   - previous: what the last build of the index left (`serve`): only the terms whose
    ///     postings changed are written again.
    /// - Returns: the files, each page's document and the state for the next build.
    ///   - keepPostings: with `keepRecords` false, return the state with its postings, for
    ///     the build's saved state (`BuildState`); documents are still let go.
    ///   - writeRecord: with `keepRecords` false, takes each page's record file as it is made
    ///     (on any thread) instead of returning it: a 100x site's records are 200 MB.
    static func build(site: Site, contents: [RenderedPage?], cached: (Int) -> SearchDocument? = { _ in nil }, keepRecords: Bool = true,
                      previous: State? = nil, keepPostings: Bool = false, writeRecord: (@Sendable (OutputFile) -> Void)? = nil)
        -> (files: [OutputFile], records: [SearchDocument?], state: State?) {
        let visible = site.pages.indices.filter { !site.pages[$0].frontMatter.bookHidden }
        let pagePaths = visible.map { site.pages[$0].contentPath }
        func documents(_ slots: Range<Int>) -> [SearchDocument] {
            let first = slots.lowerBound
            let reused = slots.map { cached(visible[$0]) }
            return parallelMap(slots.count) { offset in
                let document = reused[offset] ?? SearchDocument(visible[first + offset], site: site, contents: contents)
                writeRecord?(SearchIndex.recordFile(first + offset, document))  // ids follow the visible pages' order
                return document
            }
        }
        guard keepRecords else {
            // `build`: documents are made a batch at a time and dropped once their postings are
            // in, so the site's term tables never all live at once (a tenth of a 100x build's memory).
            let state = State(pagePaths: pagePaths, keepDocuments: false, keepPostings: keepPostings,
                              keepRecordFiles: writeRecord == nil)
            for start in stride(from: 0, to: visible.count, by: batchSize) {
                state.add(documents(start..<min(start + batchSize, visible.count)))
            }
            return (state.files(), [], keepPostings ? state : nil)
        }
        let made = documents(0..<visible.count)
        var records = [SearchDocument?](repeating: nil, count: site.pages.count)
        for (id, document) in made.enumerated() { records[visible[id]] = document }
        let state: State
        if let previous, previous.pagePaths == pagePaths {
            state = previous
            state.update(made)
        } else {
            state = State(pagePaths: pagePaths, keepDocuments: true)
            state.add(made)
        }
        return (state.files(), records, state)
    }

    /// A page's results entry, fetched by the search page when the page is shown.
    static func recordFile(_ id: Int, _ document: SearchDocument) -> OutputFile {
        OutputFile(path: recordPath(id), bytes: document.recordBytes)
    }

    static func recordPath(_ id: Int) -> String { "search/pages/\(id).json" }
    static func shardPath(_ key: String) -> String { "search/index/\(key).json" }

    /// Pages whose documents a `build` makes at a time.
    static let batchSize = 2048

    /// 8 bytes: a large site holds tens of millions.
    struct Posting {
        let page: UInt32
        let weightValue: UInt32
        var id: Int { Int(page) }
        var weight: Int { Int(weightValue) }
        init(id: Int, weight: Int) {
            page = UInt32(truncatingIfNeeded: id)
            weightValue = UInt32(truncatingIfNeeded: max(0, weight))
        }
    }

    /// The index as the last build left it, changed in place by the next: every term's postings
    /// (by page id, uncapped), its JSON entry and shard key, and the files made from them. A
    /// one-page edit changes the postings of the few terms whose weight on that page changed;
    /// regrouping every posting of the site cost most of a rebuild.
    final class State: @unchecked Sendable {
        let pagePaths: [String]
        private var documents: [SearchDocument] = []
        /// Every page's record file; in a state restored from disk, only those replaced since;
        /// none when a build writes them as they are made (`writeRecord`).
        var recordFiles: [OutputFile] = []
        /// The pages the index numbers (`recordFiles.count`, but for a restored state).
        var pageCount = 0
        var postings: [String: [Posting]] = [:]
        /// Term → its `"term":[…]` entry and its shard key at the longest length.
        var entries: [String: (json: String, key: String)] = [:]
        /// Terms by the first character of their shard key, sorted: each such group splits into
        /// shards on its own, so an edit re-splits only the groups of the terms it changed.
        var termsByTop: [String: [String]] = [:]
        /// Each group's shards: key, terms, file and its size. A state read back from disk
        /// (`restored`) knows its shards' layout and sizes but not their bytes (`file` nil):
        /// only the shards an edit changes are made, the rest stay as published.
        var shardsByTop: [String: [Shard]] = [:]
        typealias Shard = (key: String, terms: [String], file: OutputFile?, size: Int)
        /// Terms whose entry changed since the files were last made, and their groups.
        private var changedTerms: Set<String> = []
        var changedTops: Set<String> = []

        /// Terms `add` met since their entries were last made, with their postings.
        private var addedTerms = SearchTermTable()
        /// Documents are kept only when the next build will update the index (`serve`).
        private let keepDocuments: Bool
        /// Postings are kept when the next build may update the index: `serve`, or a build
        /// that saves its state.
        private let keepPostings: Bool

        /// Whether `add` makes each page's record file (not when the caller writes them).
        private let keepRecordFiles: Bool

        init(pagePaths: [String], keepDocuments: Bool, keepPostings: Bool = false, keepRecordFiles: Bool = true) {
            self.pagePaths = pagePaths
            self.keepDocuments = keepDocuments
            self.keepPostings = keepDocuments || keepPostings
            self.keepRecordFiles = keepRecordFiles
        }

        /// Adds the next pages' documents (ids follow on from those added before) to a new index.
        func add(_ batch: [SearchDocument]) {
            for document in batch {
                let id = pageCount
                pageCount += 1
                if keepRecordFiles { recordFiles.append(SearchIndex.recordFile(id, document)) }
                // A page's postings in one call: each access to a class's stored property is
                // checked for exclusivity at run time, once per posting was 18 M instructions.
                addedTerms.add(document, id: id)
                if keepDocuments { documents.append(document) }
            }
        }

        /// Gives the terms `add` met their entries and groups. (`add` makes a new index: its
        /// terms have no entries yet.)
        func settleAddedTerms() {
            guard !addedTerms.isEmpty else { return }
            var touched: Set<String> = []
            // Each term's JSON on all cores (a corpus has ~7,000 terms, 300,000 postings), then
            // filed in order on this one.
            let terms = addedTerms.terms, lists = addedTerms.lists, length = maxKeyLength
            addedTerms = SearchTermTable()
            let made = parallelMap(terms.count) { index in
                (Self.entry(terms[index], lists[index]), SearchText.shardKey(terms[index], length: length))
            }
            // Only an update reads postings again; a `build` lets them go.
            if keepPostings {
                postings.reserveCapacity(postings.count + terms.count)
                for (term, list) in zip(terms, lists) { postings[term, default: []].append(contentsOf: list) }
            }
            entries.reserveCapacity(entries.count + terms.count)
            for (term, (json, key)) in zip(terms, made) {
                entries[term] = (json, key)
                termsByTop[Self.top(key), default: []].append(term)
                touched.insert(Self.top(key))
            }
            for top in touched { termsByTop[top]?.sort() }
            changedTops.formUnion(touched)
        }

        /// A term's group: the first character of its shard key.
        static func top(_ key: String) -> String { String(key.utf8.prefix(1)) ?? "" }

        /// Takes this build's documents (same pages, same ids) and updates what they changed.
        func update(_ next: [SearchDocument]) {
            for id in next.indices {
                let old = documents[id], new = next[id]
                if new.recordBytes != old.recordBytes {
                    recordFiles[id] = SearchIndex.recordFile(id, new)
                }
                guard !new.hasSameWeights(as: old) else { continue }
                changePostings(of: id, from: old.weights, to: new.weights)
            }
            documents = next
            settleChangedTerms()
        }

        /// One page's postings from its old weights to its new ones; the terms whose weight
        /// changed join `changedTerms`.
        func changePostings(of id: Int, from old: [String: Int], to new: [String: Int]) {
            for (term, weight) in new where old[term] != weight {
                var list = postings[term] ?? []
                let slot = Self.slot(of: id, in: list)
                if slot < list.count, list[slot].id == id { list[slot] = Posting(id: id, weight: weight) } else { list.insert(Posting(id: id, weight: weight), at: slot) }
                postings[term] = list
                changedTerms.insert(term)
            }
            for term in old.keys where new[term] == nil {
                guard var list = postings[term] else { continue }
                let slot = Self.slot(of: id, in: list)
                if slot < list.count, list[slot].id == id { list.remove(at: slot) }
                postings[term] = list.isEmpty ? nil : list
                changedTerms.insert(term)
            }
        }

        /// The changed terms' entries made again, and their groups' sorted term lists kept current.
        func settleChangedTerms() {
            for term in changedTerms {
                let key = entries[term]?.key ?? SearchText.shardKey(term, length: maxKeyLength)
                let top = Self.top(key)
                changedTops.insert(top)
                let had = entries[term] != nil
                entries[term] = postings[term].map { (Self.entry(term, $0), key) }
                guard had != (entries[term] != nil) else { continue }
                // A term that appears or disappears: its group's sorted list changes.
                var terms = termsByTop[top] ?? []
                let slot = Self.slot(of: term, in: terms)
                if had { if slot < terms.count, terms[slot] == term { terms.remove(at: slot) } } else { terms.insert(term, at: slot) }
                termsByTop[top] = terms.isEmpty ? nil : terms
            }
        }

        /// The page records, the shards and the manifest. Only the groups an update changed are
        /// split again, and only their shards whose terms or entries changed are written again.
        func files() -> [OutputFile] {
            settleAddedTerms()
            for top in changedTops {
                var groups: [(key: String, terms: [SplitTerm])] = []
                if !top.isEmpty, let terms = termsByTop[top] {
                    // Each term's entry looked up once here, not at every level of the split.
                    let items = terms.map { term in
                        let entry = entries[term]
                        return SplitTerm(term: term, key: entry?.key, json: entry?.json ?? "")
                    }
                    split(items[...], depth: 1, into: &groups)
                }
                let earlier = Dictionary((shardsByTop[top] ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                shardsByTop[top] = groups.map { group in
                    let terms = group.terms.map(\.term)
                    if let shard = earlier[group.key], shard.terms == terms, !terms.contains(where: changedTerms.contains) {
                        return shard
                    }
                    // As bytes into one buffer: a String joined term by term made a temporary per term.
                    var bytes: [UInt8] = []
                    bytes.reserveCapacity(group.terms.reduce(3) { $0 + $1.json.utf8.count + 1 })
                    bytes.append(UInt8(ascii: "{"))
                    for (index, item) in group.terms.enumerated() {
                        if index > 0 { bytes.append(UInt8(ascii: ",")) }
                        bytes.append(utf8Of: item.json)
                    }
                    bytes.append(UInt8(ascii: "}"))
                    bytes.append(0x0A)
                    let file = OutputFile(path: SearchIndex.shardPath(group.key), bytes: bytes)
                    return (group.key, terms, file, file.bytes.count)
                }
                if shardsByTop[top]?.isEmpty == true { shardsByTop[top] = nil }
            }
            changedTops = []
            changedTerms = []
            var files = recordFiles
            var manifest = "{\"version\":1,\"pages\":\(pageCount),\"shards\":{"
            for (n, shard) in shardsByTop.values.joined().sorted(by: { $0.key < $1.key }).enumerated() {
                if let file = shard.file { files.append(file) }
                manifest += (n == 0 ? "" : ",") + "\(jsonString(shard.key)):\(shard.size)"
            }
            manifest += "}}\n"
            files.append(OutputFile(path: manifestPath, text: manifest))
            return files.sorted { $0.path < $1.path }
        }

        /// A term as `split` reads it: its shard key and entry (none: a term without an entry).
        private struct SplitTerm {
            let term: String
            let key: String?
            let json: String
        }

        /// Groups terms by one more character of their shard key than `depth`; a group over
        /// `shardLimit` splits again. Terms no longer than `depth` stay in the group's own shard.
        private func split(_ terms: ArraySlice<SplitTerm>, depth: Int, into groups: inout [(key: String, terms: [SplitTerm])]) {
            let key = terms.first?.key.map { String($0.utf8.prefix(depth)) ?? "" } ?? ""
            if depth > 0 {
                let size = terms.reduce(0) { $0 + $1.json.utf8.count + 1 }
                if size <= shardLimit || depth >= maxKeyLength {
                    groups.append((key, Array(terms)))
                    return
                }
            }
            var exact: [SplitTerm] = []
            var children: [String: [SplitTerm]] = [:]
            for item in terms {
                guard let full = item.key else { continue }
                if full.utf8.count <= depth { exact.append(item) } else { children[String(full.utf8.prefix(depth + 1)) ?? "", default: []].append(item) }
            }
            if !exact.isEmpty && depth > 0 { groups.append((key, exact)) }
            for child in children.keys.sorted() { split((children[child] ?? [])[...], depth: depth + 1, into: &groups) }
        }

        /// Where a term is or belongs in a sorted list.
        private static func slot(of term: String, in terms: [String]) -> Int {
            var low = 0, high = terms.count
            while low < high {
                let middle = (low + high) / 2
                if terms[middle] < term { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// Where a page id is or belongs in a list sorted by id.
        static func slot(of id: Int, in list: [Posting]) -> Int {
            var low = 0, high = list.count
            while low < high {
                let middle = (low + high) / 2
                if list[middle].id < id { low = middle + 1 } else { high = middle }
            }
            return low
        }

        /// `"term":[idDelta,weight,…]`, the heaviest `postingsCap` postings (then the lowest ids) by id.
        private static func entry(_ term: String, _ postings: [Posting]) -> String {
            var list = postings
            if list.count > postingsCap {
                list.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
                list = Array(list.prefix(postingsCap))
                list.sort { $0.id < $1.id }
            }
            // Bytes with hand-written digits (interpolating two numbers per posting cost ~1,400
            // instructions each, 5% of a cold corpus build), into a buffer sized for the
            // longest numbers (appending to an array checked its storage at every byte).
            var quoted = jsonString(term)
            return quoted.withUTF8 { head in
                let capacity = head.count + 3 + list.count * (2 * 20 + 2)
                return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
                    var at = UnsafeMutableBufferPointer(rebasing: buffer[..<head.count]).initialize(fromContentsOf: head)
                    buffer[at] = UInt8(ascii: ":")
                    buffer[at + 1] = UInt8(ascii: "[")
                    at += 2
                    var previous = 0
                    for (n, posting) in list.enumerated() {
                        if n > 0 {
                            buffer[at] = UInt8(ascii: ",")
                            at += 1
                        }
                        at = writeDecimal(posting.id - previous, into: buffer, at: at)
                        buffer[at] = UInt8(ascii: ",")
                        at = writeDecimal(posting.weight, into: buffer, at: at + 1)
                        previous = posting.id
                    }
                    buffer[at] = UInt8(ascii: "]")
                    return String(decoding: UnsafeBufferPointer(rebasing: buffer[...at]), as: UTF8.self)
                }
            }
        }
    }
}
