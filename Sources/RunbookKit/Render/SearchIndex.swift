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
    /// - Returns: the files, and each page's document for the next build to reuse.
    static func build(site: Site, contents: [RenderedPage?], cached: (Int) -> SearchDocument? = { _ in nil }, keepRecords: Bool = true)
        -> (files: [OutputFile], records: [SearchDocument?]) {
        let visible = site.pages.indices.filter { !site.pages[$0].frontMatter.bookHidden }
        let reused = visible.map { cached($0) }
        let documents: [SearchDocument] = parallelMap(visible.count) { slot in
            reused[slot] ?? SearchDocument(visible[slot], site: site, contents: contents)
        }
        var records = [SearchDocument?](repeating: nil, count: site.pages.count)
        var files: [OutputFile] = []
        var postings: [String: [(id: Int, weight: Int)]] = [:]
        for (id, document) in documents.enumerated() {
            if keepRecords { records[visible[id]] = document }
            files.append(OutputFile(path: "search/pages/\(id).json", text: document.record + "\n"))
            for (term, weight) in document.weights { postings[term, default: []].append((id, weight)) }
        }

        var entries: [(term: String, json: String)] = []
        for term in postings.keys.sorted() {
            var list = postings[term] ?? []
            if list.count > postingsCap {
                list.sort { $0.weight != $1.weight ? $0.weight > $1.weight : $0.id < $1.id }
                list = Array(list.prefix(postingsCap))
            }
            list.sort { $0.id < $1.id }
            var json = jsonString(term) + ":["
            var previous = 0
            for (n, posting) in list.enumerated() {
                json += (n == 0 ? "" : ",") + "\(posting.id - previous),\(posting.weight)"
                previous = posting.id
            }
            entries.append((term, json + "]"))
        }
        var shards: [(key: String, entries: [(term: String, json: String)])] = []
        split(entries, key: "", into: &shards)
        var manifest = "{\"version\":1,\"pages\":\(documents.count),\"shards\":{"
        for (n, shard) in shards.sorted(by: { $0.key < $1.key }).enumerated() {
            let text = "{" + shard.entries.map(\.json).joined(separator: ",") + "}\n"
            files.append(OutputFile(path: "search/index/\(shard.key).json", text: text))
            manifest += (n == 0 ? "" : ",") + "\(jsonString(shard.key)):\(text.utf8.count)"
        }
        manifest += "}}\n"
        files.append(OutputFile(path: manifestPath, text: manifest))
        return (files.sorted { $0.path < $1.path }, records)
    }

    /// Groups terms by one more prefix character than `key`; a group over `shardLimit` splits
    /// again. Terms no longer than `key` stay in `key`'s own shard.
    private static func split(_ entries: [(term: String, json: String)], key: String,
                              into shards: inout [(key: String, entries: [(term: String, json: String)])]) {
        let size = entries.reduce(0) { $0 + $1.json.utf8.count + 1 }
        if !key.isEmpty && (size <= shardLimit || key.count >= maxKeyLength) {
            shards.append((key, entries))
            return
        }
        var exact: [(term: String, json: String)] = []
        var children: [String: [(term: String, json: String)]] = [:]
        for entry in entries {
            let child = SearchText.shardKey(entry.term, length: key.count + 1)
            if child.count == key.count { exact.append(entry) } else { children[child, default: []].append(entry) }
        }
        if !exact.isEmpty && !key.isEmpty { shards.append((key, exact)) }
        for child in children.keys.sorted() { split(children[child] ?? [], key: child, into: &shards) }
    }
}
