#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One page as the search index sees it: its terms with weights, and the small JSON record
/// the results list shows (title, URL, section, alert, severity, description, text for the
/// snippet). `serve` keeps it between builds as it is (`encoded` is its text form).
struct SearchDocument {
    /// What the page's results entry shows: `search/pages/<id>.json`.
    var record: String
    /// The page's distinct terms, in the order the page first uses them, and their weights
    /// (higher: where a match says more, see `Weight`). Arrays, not a dictionary: hashing
    /// each term into one per page, then again into the postings, was 4% of a cold build.
    private(set) var terms: [String]
    private(set) var termWeights: [Int]

    /// Term → weight.
    var weights: [String: Int] {
        Dictionary(zip(terms, termWeights), uniquingKeysWith: { first, _ in first })
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
        self.record = record
        terms = weights.keys.sorted()
        termWeights = terms.map { weights[$0] ?? 0 }
    }

    /// Whether two documents index the same terms with the same weights (in the same order:
    /// the same page text gives the same order).
    func hasSameWeights(as other: SearchDocument) -> Bool {
        terms == other.terms && termWeights == other.termWeights
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
        (terms, termWeights) = table.weighed()

        let section = site.parent(of: index).map { site.pages[$0].title } ?? ""
        // With relativeURLs, from the site's root (where the index is): the site may be opened from disk.
        let url = site.config.relativeURLs ? RelativeURLs.fromRoot(site.publicURL(page.url), basePath: site.config.basePath) : nil
        // As bytes, one String at the end: interpolating each field was a String per field and per join.
        var json: [UInt8] = []
        json.reserveCapacity(512 + min(body.utf8.count, Self.textLimit * 4))
        func field(_ key: String, _ value: String) {
            json += key.utf8
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
        if !body.isEmpty { field(",\"x\":", truncated(body, to: Self.textLimit)) }
        json.append(UInt8(ascii: "}"))
        record = String(decoding: json, as: UTF8.self)
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
/// it, keyed by the term's bytes: `HashSlots` with `ByteHash` hashes over one byte arena.
/// Hashing a String per use of a term (SipHash, in a Dictionary) was most of the cost of
/// weighing a page's body.
private struct TermWeights {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    /// Uses in the body.
    private var counts: [Int] = []
    /// The best weight of the fields that hold the term (0: none does).
    private var fieldWeights: [Int] = []
    private var slots: HashSlots

    init(expected: Int) {
        slots = HashSlots(expected: expected)
        // Room for the expected terms up front: growing the arrays from empty, page after page, cost more than filling them.
        starts.reserveCapacity(expected)
        lengths.reserveCapacity(expected)
        counts.reserveCapacity(expected)
        fieldWeights.reserveCapacity(expected)
        arena.reserveCapacity(expected * 8)
    }

    mutating func count(_ term: UnsafeBufferPointer<UInt8>) {
        counts[entry(term)] += 1
    }

    mutating func raise(_ term: UnsafeBufferPointer<UInt8>, to weight: Int) {
        let entry = entry(term)
        if fieldWeights[entry] < weight { fieldWeights[entry] = weight }
    }

    /// The term's entry, made if it is new.
    private mutating func entry(_ term: UnsafeBufferPointer<UInt8>) -> Int {
        var probe = slots.probe(ByteHash.of(term))
        while let candidate = slots.next(&probe) {
            if lengths[candidate] == term.count, matches(candidate, term) { return candidate }
        }
        starts.append(arena.count)
        lengths.append(term.count)
        counts.append(0)
        fieldWeights.append(0)
        arena.append(contentsOf: term)
        return slots.add(probe)
    }

    /// Whether an entry (of the term's length) holds the term's bytes.
    private func matches(_ entry: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry]
        return arena.withUnsafeBufferPointer { bytes in
            guard let stored = bytes.baseAddress, let wanted = term.baseAddress else { return term.isEmpty }
            return memcmp(stored + start, wanted, term.count) == 0
        }
    }

    /// The distinct terms as Strings, in the order they came, with their weights: the body's
    /// capped count or the best field's weight, whichever is higher. Canonically equivalent
    /// spellings (`é`, `e` + U+0301) are one String, as they are one dictionary key: their
    /// counts add up and their best field counts.
    func weighed() -> (terms: [String], weights: [Int]) {
        var terms: [String] = []
        var totals: [Int] = []
        var best: [Int] = []
        terms.reserveCapacity(counts.count)
        totals.reserveCapacity(counts.count)
        best.reserveCapacity(counts.count)
        // Only a page with a term of more than ASCII can hold two spellings of one term.
        let mayRepeat = arena.contains { $0 >= 0x80 }
        var equivalent: [String: Int] = [:]
        arena.withUnsafeBufferPointer { bytes in
            for entry in counts.indices {
                let slice = UnsafeBufferPointer(rebasing: bytes[starts[entry]..<(starts[entry] + lengths[entry])])
                let term = String(decoding: slice, as: UTF8.self)
                if mayRepeat {
                    if let earlier = equivalent[term] {
                        totals[earlier] += counts[entry]
                        best[earlier] = max(best[earlier], fieldWeights[entry])
                        continue
                    }
                    equivalent[term] = terms.count
                }
                terms.append(term)
                totals.append(counts[entry])
                best.append(fieldWeights[entry])
            }
        }
        let weights = totals.indices.map { max(min(totals[$0], SearchDocument.Weight.bodyCap) * SearchDocument.Weight.body, best[$0]) }
        return (terms, weights)
    }
}
