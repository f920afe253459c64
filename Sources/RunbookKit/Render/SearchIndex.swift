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
        /// Terms by the first character of their shard key, sorted: each such group splits into
        /// shards on its own, so an edit re-splits only the groups of the terms it changed.
        private var termsByTop: [String: [String]] = [:]
        private var shardsByTop: [String: [(key: String, terms: [String], file: OutputFile)]] = [:]
        /// Terms whose entry changed since the files were last made, and their groups.
        private var changedTerms: Set<String> = []
        private var changedTops: Set<String> = []

        init(pagePaths: [String], documents: [SearchDocument]) {
            self.pagePaths = pagePaths
            self.documents = documents
            recordFiles = documents.enumerated().map { id, document in OutputFile(path: "search/pages/\(id).json", text: document.record + "\n") }
            for (id, document) in documents.enumerated() {
                for (term, weight) in document.weights { postings[term, default: []].append(Posting(id: id, weight: weight)) }
            }
            for term in postings.keys { entries[term] = (Self.entry(term, postings[term] ?? []), SearchText.shardKey(term, length: maxKeyLength)) }
            for term in entries.keys.sorted() { termsByTop[Self.top(entries[term]?.key ?? ""), default: []].append(term) }
            changedTops = Set(termsByTop.keys)
        }

        /// A term's group: the first character of its shard key.
        private static func top(_ key: String) -> String { String(key.utf8.prefix(1)) ?? "" }

        /// Takes this build's documents (same pages, same ids) and updates what they changed.
        func update(_ next: [SearchDocument]) {
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
                    postings[term] = list
                    changedTerms.insert(term)
                }
                for term in old.weights.keys where new.weights[term] == nil {
                    guard var list = postings[term] else { continue }
                    let slot = Self.slot(of: id, in: list)
                    if slot < list.count, list[slot].id == id { list.remove(at: slot) }
                    postings[term] = list.isEmpty ? nil : list
                    changedTerms.insert(term)
                }
            }
            documents = next
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
            for top in changedTops {
                var groups: [(key: String, terms: [String])] = []
                if !top.isEmpty, let terms = termsByTop[top] { split(terms[...], depth: 1, into: &groups) }
                let earlier = Dictionary((shardsByTop[top] ?? []).map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
                shardsByTop[top] = groups.map { group in
                    if let shard = earlier[group.key], shard.terms == group.terms, !group.terms.contains(where: changedTerms.contains) {
                        return shard
                    }
                    var text = "{"
                    for (index, term) in group.terms.enumerated() { text += (index == 0 ? "" : ",") + (entries[term]?.json ?? "") }
                    return (group.key, group.terms, OutputFile(path: "search/index/\(group.key).json", text: text + "}\n"))
                }
                if shardsByTop[top]?.isEmpty == true { shardsByTop[top] = nil }
            }
            changedTops = []
            changedTerms = []
            var files = recordFiles
            var manifest = "{\"version\":1,\"pages\":\(documents.count),\"shards\":{"
            for (n, shard) in shardsByTop.values.joined().sorted(by: { $0.key < $1.key }).enumerated() {
                files.append(shard.file)
                manifest += (n == 0 ? "" : ",") + "\(jsonString(shard.key)):\(shard.file.bytes.count)"
            }
            manifest += "}}\n"
            files.append(OutputFile(path: manifestPath, text: manifest))
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
