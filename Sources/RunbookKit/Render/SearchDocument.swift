/// One page as the search index sees it: its terms with weights, and the small JSON record
/// the results list shows (title, URL, section, alert, severity, description, text for the
/// snippet). `serve` keeps it between builds as it is (`encoded` is its text form).
struct SearchDocument {
    /// What the page's results entry shows: `search/pages/<id>.json`, as that file's bytes
    /// (the JSON and a line break). Made as bytes and written as bytes: a String between
    /// them was a UTF-8 check and two copies of every page's text.
    private(set) var recordBytes: [UInt8]

    /// The record's JSON.
    var record: String { String(decoding: recordBytes.dropLast(), as: UTF8.self) }

    /// The page's distinct terms, in the order the page first uses them, and their weights
    /// (higher: where a match says more, see `Weight`). Bytes, not a String per term: the
    /// index groups postings by bytes, and a String per term and page was 150,000 Strings
    /// made and freed on the corpus.
    private(set) var distinctTerms: ByteStrings
    private(set) var termWeights: [Int]

    /// The distinct terms as Strings.
    var terms: [String] { distinctTerms.strings }

    /// Term → weight.
    var weights: [String: Int] {
        Dictionary(zip(terms, termWeights), uniquingKeysWith: { first, _ in first })
    }

    /// Each term's bytes (valid only during the call) with its weight, in order.
    func forEachTerm(_ body: (UnsafeBufferPointer<UInt8>, Int) -> Void) {
        distinctTerms.forEach { index, term in body(term, termWeights[index]) }
    }

    /// How much a term counts by where it stands. The alert's own page carries its name,
    /// metrics and summary with weights no passing mention in another page's text can reach.
    enum Weight {
        static let alert = 100, title = 50, metric = 40, summary = 20, heading = 12, tag = 12
        static let description = 10, label = 8, annotation = 6, function = 4, body = 1
        /// A term repeated in the body counts up to this many times.
        static let bodyCap = 10
    }

    /// Characters of body text kept for snippets.
    static let textLimit = 1500

    /// Terms in sorted order (a dictionary has none).
    init(record: String, weights: [String: Int]) {
        recordBytes = Array(record.utf8) + [0x0A]
        let terms = weights.keys.sorted()
        distinctTerms = ByteStrings()
        for term in terms { distinctTerms.append(term) }
        termWeights = terms.map { weights[$0] ?? 0 }
    }

    /// Whether two documents index the same terms with the same weights (in the same order:
    /// the same page text gives the same order).
    func hasSameWeights(as other: SearchDocument) -> Bool {
        termWeights == other.termWeights && distinctTerms == other.distinctTerms
    }

    init(_ index: Int, site: Site, contents: [RenderedPage?]) {
        let page = site.pages[index]
        let content = contents[index]
        let body = content.map { SearchText.plainText(html: $0.markdown.html) } ?? ""
        // Body terms first, each counting once per use up to the cap, then each term of the
        // page's fields at its place's weight: all by their bytes, so only a distinct term
        // becomes a String.
        var table = TermWeights(expected: body.utf8.count / 12 + 64)
        SearchText.forEachTermBytes(body) { table.count($0) }
        // A term takes its best place's weight: the rule block and headings are in the body
        // text too, and a word said twice in a summary is no better a match.
        func add(_ text: String, _ weight: Int) {
            SearchText.forEachTermBytes(text) { table.raise($0, to: weight) }
        }
        add(page.title, Weight.title)
        for heading in content?.markdown.headings ?? [] where heading.level >= 2 { add(heading.text, Weight.heading) }
        for tag in page.frontMatter.tags { add(tag, Weight.tag) }
        let description = page.frontMatter.description ?? content?.markdown.summary ?? ""
        add(description, Weight.description)
        var summary = ""
        for rule in content?.rules ?? [] {
            add(rule.name, Weight.alert)
            for label in rule.labels { add(label.value, Weight.label) }
            for annotation in rule.annotations {
                if annotation.key == "summary" {
                    add(annotation.value, Weight.summary)
                    if summary.isEmpty { summary = annotation.value }
                } else if annotation.key != "runbook_url" {
                    add(annotation.value, Weight.annotation)
                }
            }
            if let parsed = rule.parsedExpr {
                let names = Self.expressionNames(parsed)
                for metric in names.metrics { add(metric, Weight.metric) }
                for function in names.functions { add(function, Weight.function) }
            }
        }
        (distinctTerms, termWeights) = table.weighed()

        let section = site.parent(of: index).map { site.pages[$0].title } ?? ""
        // With relativeURLs, from the site's root (where the index is): the site may be opened from disk.
        let url = site.config.relativeURLs ? RelativeURLs.fromRoot(site.publicURL(page.url), basePath: site.config.basePath) : nil
        // As bytes, one String at the end: interpolating each field was a String per field and per join.
        var json: [UInt8] = []
        json.reserveCapacity(512 + min(body.utf8.count, Self.textLimit * 4))
        func field(_ key: StaticString, _ value: String) {
            json.append(literal: key)
            appendJSONString(value, to: &json)
        }
        field("{\"t\":", page.title)
        field(",\"u\":", url ?? site.publicURL(page.url))
        if !section.isEmpty { field(",\"s\":", section) }
        if let rule = content?.rules.first {
            field(",\"a\":", rule.name)
            if let severity = rule.severity { field(",\"v\":", severity) }
        }
        if !description.isEmpty { field(",\"d\":", truncated(description, to: 160)) }
        if !summary.isEmpty { field(",\"m\":", truncated(summary, to: 200)) }
        if !body.isEmpty {
            json.append(literal: ",\"x\":")
            appendTruncatedJSONString(body, to: Self.textLimit, to: &json)
        }
        json.append(UInt8(ascii: "}"))
        json.append(0x0A)
        // Valid UTF-8: made of Strings' bytes and ASCII.
        recordBytes = json
    }

    /// The metric and function (and aggregation) names an expression reads, through the
    /// PromQL parser; nothing when it does not parse.
    static func expressionNames(_ parsed: PromQLParsedExpression) -> (metrics: [String], functions: [String]) {
        guard case .success(let tree) = parsed.result else {
            return (PromQLHighlighter.highlight(parsed.trimmed).metrics, [])  // what the rule block shows
        }
        return (tree.metricNames, tree.functionNames)
    }

    /// One line per field: the record, then `term<TAB>weight` lines (terms hold no tab or newline).
    var encoded: String {
        var text = record
        let weights = self.weights
        for term in weights.keys.sorted() { text += "\n\(term)\t\(weights[term] ?? 0)" }
        return text
    }

    init?(encoded: String) {
        var lines = encoded.split(separator: "\n", omittingEmptySubsequences: false)
        guard !lines.isEmpty else { return nil }
        let record = String(lines.removeFirst())
        var weights: [String: Int] = [:]
        for line in lines {
            guard let tab = line.firstIndex(of: "\t"), let weight = Int(line[line.index(after: tab)...]) else { return nil }
            weights[String(line[..<tab])] = weight
        }
        self.init(record: record, weights: weights)
    }
}

private extension Int {
    mutating func raise(to value: Int) { if self < value { self = value } }
}

/// Each term of one page with how often its body uses it and the best weight its fields give
/// it, keyed by the term's bytes (`ByteKeyTable`). Hashing a String per use of a term
/// (SipHash, in a Dictionary) was most of the cost of weighing a page's body.
private struct TermWeights {
    private var table: ByteKeyTable
    /// By entry: uses in the body, and the best weight of the fields that hold the term (0:
    /// none does). One array, so a new term is one append.
    private var tallies: [Tally] = []

    private struct Tally {
        var count = 0
        var field = 0
    }

    init(expected: Int) {
        table = ByteKeyTable(expected: expected)
        // Room for the expected terms up front: growing the array from empty, page after page, cost more than filling it.
        tallies.reserveCapacity(expected)
    }

    mutating func count(_ term: UnsafeBufferPointer<UInt8>) {
        tallies[entry(term)].count += 1
    }

    mutating func raise(_ term: UnsafeBufferPointer<UInt8>, to weight: Int) {
        let entry = entry(term)
        if tallies[entry].field < weight { tallies[entry].field = weight }
    }

    /// The term's entry, made if it is new.
    private mutating func entry(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        let (entry, isNew) = table.entry(term)
        if isNew { tallies.append(Tally()) }
        return entry
    }

    /// The distinct terms, in the order they came, with their weights: the body's capped
    /// count or the best field's weight, whichever is higher. Canonically equivalent spellings
    /// (`é`, `e` + U+0301) are one term, as they are one String: their counts add up, their
    /// best field counts, and the first spelling stands for them.
    func weighed() -> (terms: ByteStrings, weights: [Int]) {
        func weight(_ count: Int, _ field: Int) -> Int {
            max(min(count, SearchDocument.Weight.bodyCap) * SearchDocument.Weight.body, field)
        }
        // Only a page with a term of more than ASCII can hold two spellings of one term.
        guard !table.keys.isASCII else {
            return (table.keys, tallies.map { weight($0.count, $0.field) })
        }
        var terms = ByteStrings()
        var totals: [Int] = []
        var best: [Int] = []
        var equivalent: [String: Int] = [:]
        table.keys.forEach { entry, bytes in
            let term = String(decoding: bytes, as: UTF8.self)
            if let earlier = equivalent[term] {
                totals[earlier] += tallies[entry].count
                best[earlier] = max(best[earlier], tallies[entry].field)
                return
            }
            equivalent[term] = totals.count
            terms.append(bytes)
            totals.append(tallies[entry].count)
            best.append(tallies[entry].field)
        }
        return (terms, totals.indices.map { weight(totals[$0], best[$0]) })
    }
}
