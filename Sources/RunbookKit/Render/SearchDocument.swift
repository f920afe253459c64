/// One page as the search index sees it: its terms with weights, and the small JSON record
/// the results list shows (title, URL, section, alert, severity, description, text for the
/// snippet). `serve` keeps it between builds as it is (`encoded` is its text form).
struct SearchDocument {
    /// What the page's results entry shows: `search/pages/<id>.json`.
    var record: String
    /// Term → weight (higher: where a match says more, see `Weight`).
    var weights: [String: Int]

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

    init(record: String, weights: [String: Int]) {
        self.record = record
        self.weights = weights
    }

    init(_ index: Int, site: Site, contents: [RenderedPage?]) {
        let page = site.pages[index]
        let content = contents[index]
        let body = content.map { SearchText.plainText(html: $0.markdown.html) } ?? ""
        // Body terms first, each counting once per use up to the cap: counted by their bytes,
        // so only a distinct term becomes a String and a dictionary entry.
        var counts = TermCounts(expected: body.utf8.count / 12 + 32)
        SearchText.forEachTermBytes(body) { counts.add($0) }
        var weights: [String: Int] = [:]
        weights.reserveCapacity(counts.count + 64)
        counts.forEach { term, count in
            // Canonically equivalent spellings (`é`, `e` + U+0301) are one String key: their
            // counts add up, as they did when the dictionary counted.
            if let earlier = weights.updateValue(min(count, Weight.bodyCap) * Weight.body, forKey: term) {
                weights[term] = min(earlier / Weight.body + count, Weight.bodyCap) * Weight.body
            }
        }
        // A term takes its best place's weight: the rule block and headings are in the body
        // text too, and a word said twice in a summary is no better a match.
        func add(_ text: String, _ weight: Int) {
            SearchText.forEachTerm(text) { term in weights[term, default: 0].raise(to: weight) }
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
        self.weights = weights

        let section = site.parent(of: index).map { site.pages[$0].title } ?? ""
        // With relativeURLs, from the site's root (where the index is): the site may be opened from disk.
        let url = site.config.relativeURLs ? RelativeURLs.fromRoot(site.publicURL(page.url), basePath: site.config.basePath) : nil
        var json = "{\"t\":\(jsonString(page.title)),\"u\":\(jsonString(url ?? site.publicURL(page.url)))"
        if !section.isEmpty { json += ",\"s\":\(jsonString(section))" }
        if let rule = content?.rules.first {
            json += ",\"a\":\(jsonString(rule.name))"
            if let severity = rule.severity { json += ",\"v\":\(jsonString(severity))" }
        }
        if !description.isEmpty { json += ",\"d\":\(jsonString(truncated(description, to: 160)))" }
        if !summary.isEmpty { json += ",\"m\":\(jsonString(truncated(summary, to: 200)))" }
        if !body.isEmpty { json += ",\"x\":\(jsonString(truncated(body, to: Self.textLimit)))" }
        json += "}"
        record = json
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

/// How often each term occurs in one text, keyed by the term's bytes: an open-addressing
/// table with FNV-1a hashes over one byte arena. Hashing a String per use of a term (SipHash,
/// in a Dictionary) was most of the cost of weighing a page's body.
private struct TermCounts {
    private var arena: [UInt8] = []
    private var starts: [Int] = []
    private var lengths: [Int] = []
    private var hashes: [UInt64] = []
    private(set) var counts: [Int] = []
    /// Slot → entry number + 1; 0 is empty. Its size is a power of two, at least twice the entries.
    private var slots: [Int]

    var count: Int { counts.count }

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
    }

    mutating func add(_ term: UnsafeBufferPointer<UInt8>) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in term { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let occupant = slots[slot]
            if occupant == 0 { break }
            let entry = occupant - 1
            if hashes[entry] == hash, lengths[entry] == term.count, matches(entry, term) {
                counts[entry] += 1
                return
            }
            slot = (slot + 1) & mask
        }
        starts.append(arena.count)
        lengths.append(term.count)
        hashes.append(hash)
        counts.append(1)
        arena.append(contentsOf: term)
        slots[slot] = counts.count
        if counts.count * 2 > slots.count { grow() }
    }

    private func matches(_ entry: Int, _ term: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = starts[entry]
        for offset in 0..<term.count where arena[start + offset] != term[offset] { return false }
        return true
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for entry in hashes.indices {
            var slot = Int(truncatingIfNeeded: hashes[entry]) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = entry + 1
        }
    }

    /// Each distinct term (as a String) with its count.
    func forEach(_ body: (String, Int) -> Void) {
        arena.withUnsafeBufferPointer { bytes in
            for entry in counts.indices {
                let term = UnsafeBufferPointer(rebasing: bytes[starts[entry]..<(starts[entry] + lengths[entry])])
                body(String(decoding: term, as: UTF8.self), counts[entry])
            }
        }
    }
}
