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
    static func build(site: Site, contents: [RenderedPage?], cached: (Int) -> SearchDocument? = { _ in nil }, keepRecords: Bool = true,
                      previous: State? = nil)
        -> (files: [OutputFile], records: [SearchDocument?], state: State?) {
        let visible = site.pages.indices.filter { !site.pages[$0].frontMatter.bookHidden }
        let reused = visible.map { cached($0) }
        let documents: [SearchDocument] = parallelMap(visible.count) { slot in
            reused[slot] ?? SearchDocument(visible[slot], site: site, contents: contents)
        }
        var records = [SearchDocument?](repeating: nil, count: site.pages.count)
        if keepRecords { for (id, document) in documents.enumerated() { records[visible[id]] = document } }
        let pagePaths = visible.map { site.pages[$0].contentPath }
        let state: State
        if let previous, previous.pagePaths == pagePaths {
            state = previous
            state.update(documents)
        } else {
            state = State(pagePaths: pagePaths, documents: documents)
        }
        let files = state.files()
        return (files, records, keepRecords ? state : nil)
    }

    struct Posting {
        let id: Int
        let weight: Int
    }

    /// The index as the last build left it, changed in place by the next: every term's postings
    /// (by page id, uncapped), its JSON entry and shard key, and the files made from them. A
    /// one-page edit changes the postings of the few terms whose weight on that page changed;
    /// regrouping every posting of the site cost most of a rebuild.
    final class State: @unchecked Sendable {
        let pagePaths: [String]
        private var documents: [SearchDocument]
        private var recordFiles: [OutputFile]
        private var postings: [String: [Posting]] = [:]
        /// Term → its `"term":[…]` entry and its shard key at the longest length.
        private var entries: [String: (json: String, key: String)] = [:]
        private var sortedTerms: [String] = []
        /// Terms whose entry changed since the files were last made.
        private var changedTerms: Set<String> = []
        private var shards: [String: (terms: [String], file: OutputFile)] = [:]

        init(pagePaths: [String], documents: [SearchDocument]) {
            self.pagePaths = pagePaths
            self.documents = documents
            recordFiles = documents.enumerated().map { id, document in OutputFile(path: "search/pages/\(id).json", text: document.record + "\n") }
            for (id, document) in documents.enumerated() {
                for (term, weight) in document.weights { postings[term, default: []].append(Posting(id: id, weight: weight)) }
            }
            for term in postings.keys { entries[term] = (Self.entry(term, postings[term] ?? []), SearchText.shardKey(term, length: maxKeyLength)) }
            sortedTerms = entries.keys.sorted()
        }

        /// Takes this build's documents (same pages, same ids) and updates what they changed.
        func update(_ next: [SearchDocument]) {
            var added: [String] = []
            var removed: Set<String> = []
            for id in next.indices {
                let old = documents[id], new = next[id]
                if new.record != old.record {
                    recordFiles[id] = OutputFile(path: "search/pages/\(id).json", text: new.record + "\n")
                }
                guard new.weights != old.weights else { continue }
                for (term, weight) in new.weights where old.weights[term] != weight {
                    var list = postings[term] ?? []
                    let slot = Self.slot(of: id, in: list)
                    if slot < list.count, list[slot].id == id { list[slot] = Posting(id: id, weight: weight) } else { list.insert(Posting(id: id, weight: weight), at: slot) }
                    if postings[term] == nil { added.append(term) }
                    postings[term] = list
                    changedTerms.insert(term)
                }
                for term in old.weights.keys where new.weights[term] == nil {
                    guard var list = postings[term] else { continue }
                    let slot = Self.slot(of: id, in: list)
                    if slot < list.count, list[slot].id == id { list.remove(at: slot) }
                    postings[term] = list.isEmpty ? nil : list
                    if list.isEmpty { removed.insert(term) }
                    changedTerms.insert(term)
                }
            }
            documents = next
            for term in changedTerms {
                if let list = postings[term] {
                    entries[term] = (Self.entry(term, list), entries[term]?.key ?? SearchText.shardKey(term, length: maxKeyLength))
                } else {
                    entries[term] = nil
                }
            }
            if !added.isEmpty || !removed.isEmpty {
                sortedTerms = sortedTerms.filter { !removed.contains($0) } + added.filter { entries[$0] != nil }
                sortedTerms.sort()
            }
        }

        /// The page records, the shards and the manifest; a shard whose terms and entries are
        /// those of the last build is the same file.
        func files() -> [OutputFile] {
            var files = recordFiles
            var groups: [(key: String, terms: [String])] = []
            split(sortedTerms[...], depth: 0, into: &groups)
            var nextShards: [String: (terms: [String], file: OutputFile)] = [:]
            var manifest = "{\"version\":1,\"pages\":\(documents.count),\"shards\":{"
            for (n, group) in groups.sorted(by: { $0.key < $1.key }).enumerated() {
                let file: OutputFile
                if let earlier = shards[group.key], earlier.terms == group.terms, !group.terms.contains(where: changedTerms.contains) {
                    file = earlier.file
                } else {
                    var text = "{"
                    for (index, term) in group.terms.enumerated() { text += (index == 0 ? "" : ",") + (entries[term]?.json ?? "") }
                    file = OutputFile(path: "search/index/\(group.key).json", text: text + "}\n")
                }
                nextShards[group.key] = (group.terms, file)
                files.append(file)
                manifest += (n == 0 ? "" : ",") + "\(jsonString(group.key)):\(file.bytes.count)"
            }
            manifest += "}}\n"
            files.append(OutputFile(path: manifestPath, text: manifest))
            shards = nextShards
            changedTerms = []
            return files.sorted { $0.path < $1.path }
        }

        /// Groups terms by one more character of their shard key than `depth`; a group over
        /// `shardLimit` splits again. Terms no longer than `depth` stay in the group's own shard.
        private func split(_ terms: ArraySlice<String>, depth: Int, into groups: inout [(key: String, terms: [String])]) {
            let key = terms.first.flatMap { entries[$0] }.map { String($0.key.utf8.prefix(depth)) ?? "" } ?? ""
            if depth > 0 {
                let size = terms.reduce(0) { $0 + (entries[$1]?.json.utf8.count ?? 0) + 1 }
                if size <= shardLimit || depth >= maxKeyLength {
                    groups.append((key, Array(terms)))
                    return
                }
            }
            var exact: [String] = []
            var children: [String: [String]] = [:]
            for term in terms {
                guard let full = entries[term]?.key else { continue }
                if full.utf8.count <= depth { exact.append(term) } else { children[String(full.utf8.prefix(depth + 1)) ?? "", default: []].append(term) }
            }
            if !exact.isEmpty && depth > 0 { groups.append((key, exact)) }
            for child in children.keys.sorted() { split((children[child] ?? [])[...], depth: depth + 1, into: &groups) }
        }

        /// Where a page id is or belongs in a list sorted by id.
        private static func slot(of id: Int, in list: [Posting]) -> Int {
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
            var json = jsonString(term) + ":["
            var previous = 0
            for (n, posting) in list.enumerated() {
                json += (n == 0 ? "" : ",") + "\(posting.id - previous),\(posting.weight)"
                previous = posting.id
            }
            return json + "]"
        }
    }
}
