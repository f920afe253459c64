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
        var weights: [String: Int] = [:]
        // Sized for the body's distinct terms, so counting does not grow the table step by step.
        weights.reserveCapacity(body.utf8.count / 12 + 32)
        // Body terms first, each counting once per use up to the cap; counted in place, one
        // lookup per use.
        let bodyLimit = Weight.bodyCap * Weight.body
        SearchText.forEachTerm(body) { term in
            weights[term, default: 0].addCapped(Weight.body, limit: bodyLimit)
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
    mutating func addCapped(_ amount: Int, limit: Int) { if self < limit { self = Swift.min(self + amount, limit) } }
    mutating func raise(to value: Int) { if self < value { self = value } }
}
