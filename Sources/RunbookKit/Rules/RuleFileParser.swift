import Yams

/// Parses one rule file into `AlertRule`s, keeping each rule's source text and line: the forms
/// Prometheus, Thanos, Mimir and Loki load (`groups[].rules[]`, empty or null `rules`, group
/// fields such as `interval`, `limit`, `query_offset`, `labels`, recording rules beside alerts),
/// several `---` documents in one file, and Kubernetes `PrometheusRule` objects (`spec.groups`).
/// What Prometheus' `rulefmt` refuses is an error here too; problems are diagnostics at their
/// line, never a thrown error.
enum RuleFileParser {
    static func parse(text: String, file: String, sourcePath: String) -> RuleFile {
        var parsed = parseText(text, file: file, sourcePath: sourcePath)
        parsed.fingerprint = fingerprint(of: text)
        return parsed
    }

    /// What the input digest knows a rule file's text by.
    static func fingerprint(of text: String) -> Int { Int(truncatingIfNeeded: StableHash.of(text.utf8)) }

    private static func parseText(_ text: String, file: String, sourcePath: String) -> RuleFile {
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ mark: Mark?) {
            problems.append(Diagnostic(.ruleFileInvalid, message,
                                       at: SourceLocation(file: sourcePath, line: mark?.line, column: mark?.column)))
        }
        let documents: [Node]
        do {
            documents = try BoundedYAML.composeAll(text)
        } catch {
            problems.append(error.diagnostic(.ruleFileInvalid, what: "rule file", file: sourcePath))
            return RuleFile(path: file, sourcePath: sourcePath, rules: [], problems: problems)
        }

        // Every rule node in file order, with its group, so each rule's text can end where the next begins.
        var ruleNodes: [(node: Node, group: RuleGroupFields)] = []
        var boundaries: [Int] = []  // lines where a group or rule starts
        for root in documents {
            guard let groupList = groupList(of: root, isOnlyDocument: documents.count == 1, problem: problem) else { continue }
            var seenNames: Set<String> = []
            for group in groupList {
                guard case .mapping = group else {
                    problem("each group must be a mapping with `name` and `rules`", group.mark)
                    continue
                }
                if let line = group.mark?.line { boundaries.append(line) }
                let name = group.value(forKey: "name")?.string ?? ""
                if name.isEmpty { problem("a rule group needs a `name`", group.mark) }
                if !name.isEmpty, !seenNames.insert(name).inserted {
                    problem("group name '\(name)' is repeated in the same file; Prometheus refuses the file: rename one group",
                            group.value(forKey: "name")?.mark)
                }
                // `rules:` left empty (or null) is a group with no rules, as Prometheus has it.
                guard let rules = group.value(forKey: "rules"), !isNullNode(rules) else { continue }
                guard case .sequence(let ruleList) = rules else {
                    problem("`rules` must be a list", rules.mark)
                    continue
                }
                let fields = RuleGroupFields(name: name, labels: entries(group.value(forKey: "labels")))
                for rule in ruleList {
                    guard case .mapping = rule else {
                        problem("each rule must be a mapping with `alert` or `record`", rule.mark)
                        continue
                    }
                    if let line = rule.mark?.line { boundaries.append(line) }
                    ruleNodes.append((rule, fields))
                }
            }
        }
        boundaries.sort()

        // Lines as libyaml counts them, so its marks index them (SourceText already made these `\n`).
        let lines = RuleSourceText.Lines(text)
        var rules: [AlertRule] = []
        for (node, group) in ruleNodes {
            let fields = RuleFieldNodes(node)
            guard let (kind, name) = ruleName(node, fields, problem: problem) else { continue }
            let line = node.mark?.line ?? 1
            let column = node.mark?.column ?? 1
            let nextBoundary = boundaries.first { $0 > line } ?? (lines.count + 1)
            // A rule's own labels win over its group's (Prometheus 3 `labels` on a group).
            var labels = entries(fields.labels)
            for label in group.labels where !labels.contains(where: { $0.key == label.key }) { labels.append(label) }
            let expr = scalarText(fields.expr)
            rules.append(AlertRule(
                kind: kind, name: name, group: group.name,
                expr: expr,
                pendingFor: scalarText(fields.pendingFor),
                keepFiringFor: scalarText(fields.keepFiringFor),
                labels: labels,
                annotations: entries(fields.annotations),
                file: file, sourcePath: sourcePath, line: line, column: column,
                sourceText: lines.extract(line: line, column: column, before: nextBoundary)))
        }
        // In file order: groups are checked before their rules.
        let ordered = problems.enumerated().sorted {
            ($0.element.location?.line ?? 0, $0.offset) < ($1.element.location?.line ?? 0, $1.offset)
        }.map(\.element)
        return RuleFile(path: file, sourcePath: sourcePath, rules: rules, problems: ordered)
    }

    /// The text split at `\n`, `\r\n`, `\r`, U+2028, U+2029 and U+0085, empty lines kept. Over
    /// UTF-8 bytes: each of these is always a Character of its own (a grapheme break comes
    /// before and after a control), so this is the Character split it replaces, which was
    /// more than half of the time spent reading rule files.
    static func lines(of text: String) -> [Substring] {
        // Bounds found over the bytes, by offset (stepping a String.Index a byte at a time cost
        // ~30 instructions a byte); indices made once per line.
        let bounds = text.withUTF8Buffer(lineBounds(of:))
        let utf8 = text.utf8
        return bounds.map { bound in
            let start = utf8.index(utf8.startIndex, offsetBy: bound.start), end = utf8.index(start, offsetBy: bound.end - bound.start)
            return text[aligned(start, in: text)..<aligned(end, in: text)]
        }
    }

    /// Each line's byte range, separators left out.
    static func lineBounds(of bytes: UnsafeBufferPointer<UInt8>) -> [(start: Int, end: Int)] {
        var result: [(start: Int, end: Int)] = []
        let end = bytes.count
        var start = 0
        // Text whose only separator is `\n` (what `SourceText` hands over, in ASCII) is split
        // by `memchr`: the byte walk below cost 14 instructions a byte.
        if firstOffset(of: 0x0D, in: bytes, from: 0) == nil, firstOffset(of: 0xC2, in: bytes, from: 0) == nil,
           firstOffset(of: 0xE2, in: bytes, from: 0) == nil {
            forEachOffset(of: 0x0A, in: bytes) { newline in
                result.append((start, newline))
                start = newline + 1
            }
            result.append((start, end))
            return result
        }
        var index = 0
        while index < end {
            let byte = bytes[index]
            // Every separator starts with one of these bytes.
            guard byte == 0x0A || byte == 0x0D || byte == 0xC2 || byte == 0xE2 else {
                index += 1
                continue
            }
            var separatorEnd = -1
            switch byte {
            case 0x0A:
                separatorEnd = index + 1
            case 0x0D:
                separatorEnd = index + 1 < end && bytes[index + 1] == 0x0A ? index + 2 : index + 1
            case 0xC2:
                if index + 1 < end && bytes[index + 1] == 0x85 { separatorEnd = index + 2 }
            default:
                if index + 2 < end && bytes[index + 1] == 0x80 && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9) { separatorEnd = index + 3 }
            }
            if separatorEnd >= 0 {
                result.append((start, index))
                start = separatorEnd
                index = separatorEnd
            } else {
                index += 1
            }
        }
        result.append((start, end))
        return result
    }

    /// A line bound marked as the Character boundary it is (every separator is a Character of
    /// its own), so Character walks over the lines (cutting a rule's text) stay on their fast path.
    private static func aligned(_ index: String.Index, in text: String) -> String.Index {
        String.Index(index, within: text) ?? index
    }

    /// What a rule takes from its group.
    private struct RuleGroupFields {
        let name: String
        let labels: [AlertRule.Entry]
    }

    /// The `groups` of one YAML document: a Prometheus rule file (`groups:`), or a Kubernetes
    /// `PrometheusRule` (`spec.groups`) as kube-prometheus keeps them. nil when the document
    /// holds no groups: an empty document, `groups: null`, or — beside other documents —
    /// another Kubernetes object (a manifest file mixes kinds).
    private static func groupList(of root: Node, isOnlyDocument: Bool, problem: (String, Mark?) -> Void) -> [Node]? {
        if isNullNode(root) { return nil }
        guard case .mapping = root else {
            problem("a rule file is a mapping with a `groups` list (or a Kubernetes PrometheusRule with `spec.groups`)", root.mark)
            return nil
        }
        let groups: Node?
        if let direct = root.value(forKey: "groups") {
            groups = direct
        } else if let kind = root.value(forKey: "kind")?.string {
            guard kind == "PrometheusRule" else {
                if isOnlyDocument {
                    problem("a Kubernetes \(kind) is not a rule file; rule files have `groups`, PrometheusRule objects `spec.groups`",
                            root.value(forKey: "kind")?.mark)
                }
                return nil
            }
            guard let spec = root.value(forKey: "spec"), case .mapping = spec else {
                problem("a PrometheusRule needs a `spec` mapping with `groups`", root.value(forKey: "kind")?.mark)
                return nil
            }
            groups = spec.value(forKey: "groups")
        } else {
            problem("a rule file is a mapping with a `groups` list (or a Kubernetes PrometheusRule with `spec.groups`)", root.mark)
            return nil
        }
        guard let groups, !isNullNode(groups) else { return nil }
        guard case .sequence(let list) = groups else {
            problem("`groups` must be a list of rule groups", groups.mark)
            return nil
        }
        return Array(list)
    }

    /// A rule's kind and name, checked as Prometheus' `rulefmt` checks them.
    private static func ruleName(_ node: Node, _ fields: RuleFieldNodes, problem: (String, Mark?) -> Void) -> (AlertRule.Kind, String)? {
        let alert = fields.alert
        let record = fields.record
        let kind: AlertRule.Kind
        let nameNode: Node
        switch (alert, record) {
        case (let alert?, nil):
            kind = .alert
            nameNode = alert
        case (nil, let record?):
            kind = .record
            nameNode = record
        case (_?, _?):
            problem("a rule has `alert` or `record`, not both", node.mark)
            return nil
        case (nil, nil):
            problem("a rule needs `alert` or `record`", node.mark)
            return nil
        }
        guard let name = nameNode.string, !name.isEmpty else {
            problem("`\(kind.rawValue)` must be a non-empty name", nameNode.mark)
            return nil
        }
        let expr = fields.expr
        if expr.map(isNullNode) ?? true || scalarText(expr)?.isEmpty == true {
            problem("\(kind.rawValue) rule '\(name)' has no `expr`; Prometheus refuses a rule without its query", node.mark)
        }
        if kind == .record {
            for (field, value) in [("for", fields.pendingFor), ("keep_firing_for", fields.keepFiringFor), ("annotations", fields.annotations)] {
                if let value {
                    problem("recording rule '\(name)' cannot have `\(field)` (only alerts do); remove it", value.mark)
                }
            }
        }
        return (kind, name)
    }

    private static func scalarText(_ node: Node?) -> String? {
        guard let node, case .scalar(let scalar) = node else { return nil }
        return scalar.string
    }

    private static func entries(_ node: Node?) -> [AlertRule.Entry] {
        guard let node, case .mapping(let mapping) = node else { return [] }
        return mapping.compactMap { key, value in
            guard let name = key.string else { return nil }
            let text: String
            switch value {
            case .scalar(let scalar): text = scalar.string
            default: text = (try? Yams.serialize(node: value).trimmingCharacters(in: .whitespacesAndNewlines)) ?? ""
            }
            return AlertRule.Entry(key: name, value: text, line: value.mark?.line ?? key.mark?.line ?? 0,
                                   column: value.mark?.column ?? 1)
        }
    }
}

/// Cuts one rule's text out of its file: from its first key to the line before the next rule
/// or group, stopping early at a line indented less than the rule (it belongs to the outer
/// structure), with trailing blank lines dropped and the comment block above it added.
///
/// One cut, over two kinds of lines: Substrings stepped by Character (`CharacterLines`), and
/// byte ranges of ASCII text (`ASCIILines`), where every byte is a Character.
protocol RuleSourceLines {
    associatedtype Line
    var count: Int { get }
    /// Line `number`, counted from 1 as libyaml counts.
    func line(_ number: Int) -> Line
    /// The line without its leading spaces and tabs.
    func trimmed(_ line: Line) -> Line
    func isComment(_ trimmed: Line) -> Bool
    func isEmpty(_ line: Line) -> Bool
    /// How many bytes `trimmed` left out.
    func leadingBlanks(_ line: Line, trimmed: Line) -> Int
    /// The line without its first `count` Characters (empty when shorter).
    func dropping(_ count: Int, _ line: Line) -> Line
    var empty: Line { get }
    func joined(_ lines: [Line]) -> String
}

extension RuleSourceLines {
    func extract(line: Int, column: Int, before nextBoundary: Int) -> String {
        // libyaml's line numbers must match ours (SourceText makes every line break `\n`); if
        // they ever do not, an empty text is better than a trap.
        guard line >= 1, line <= count else { return "" }
        let indent = max(0, column - 1)
        var result: [Line] = []

        // Comment lines immediately above the rule describe it.
        var commentStart = line - 1
        while commentStart >= 1, isComment(trimmed(self.line(commentStart))) { commentStart -= 1 }
        for number in (commentStart + 1)..<line {
            result.append(trimmed(self.line(number)))
        }

        result.append(dropping(indent, self.line(line)))  // all of it when shorter
        var current = line + 1
        // Comments right above the next rule belong to it, not to this one.
        var end = min(nextBoundary, count + 1)
        if nextBoundary <= count {
            while end - 1 > line, isComment(trimmed(self.line(end - 1))) { end -= 1 }
        }
        while current < end {
            let text = self.line(current)
            let stripped = trimmed(text)
            let leading = leadingBlanks(text, trimmed: stripped)
            if !isEmpty(stripped), leading < indent { break }
            result.append(isEmpty(stripped) ? empty : dropping(indent, text))
            current += 1
        }
        while let last = result.last, isEmpty(trimmed(last)) { result.removeLast() }
        return joined(result)
    }
}

enum RuleSourceText {
    /// A rule file's lines, cut by byte offsets when the text is ASCII (each byte is a
    /// Character, and cutting Substrings was a fifth of reading the corpus's rule files),
    /// else by Character.
    enum Lines {
        case ascii(ASCIILines)
        case characters(CharacterLines)

        init(_ text: String) {
            self = ASCIILines(text).map(Lines.ascii) ?? .characters(CharacterLines(text))
        }

        var count: Int {
            switch self {
            case .ascii(let lines): lines.count
            case .characters(let lines): lines.count
            }
        }

        func extract(line: Int, column: Int, before nextBoundary: Int) -> String {
            switch self {
            case .ascii(let lines): lines.extract(line: line, column: column, before: nextBoundary)
            case .characters(let lines): lines.extract(line: line, column: column, before: nextBoundary)
            }
        }
    }

    /// Lines of any text, cut by Character.
    struct CharacterLines: RuleSourceLines {
        let lines: [Substring]
        init(_ text: String) { lines = RuleFileParser.lines(of: text) }
        var count: Int { lines.count }
        func line(_ number: Int) -> Substring { lines[number - 1] }
        func trimmed(_ line: Substring) -> Substring { line.trimmingLeadingSpaces() }
        func isComment(_ trimmed: Substring) -> Bool { trimmed.hasPrefix("#") }
        func isEmpty(_ line: Substring) -> Bool { line.isEmpty }
        // The dropped Characters are each one space or tab byte: count bytes, not Characters.
        func leadingBlanks(_ line: Substring, trimmed: Substring) -> Int { line.utf8.count - trimmed.utf8.count }
        func dropping(_ count: Int, _ line: Substring) -> Substring { line.dropFirst(count) }
        var empty: Substring { "" }
        func joined(_ lines: [Substring]) -> String { lines.joined(separator: "\n") }
    }

    /// Lines of ASCII text as byte ranges of it.
    struct ASCIILines {
        private let text: String
        private let bounds: [(start: Int, end: Int)]

        /// nil when the text is not all ASCII.
        init?(_ text: String) {
            var text = text
            guard let bounds = text.withUTF8({ WordScan.isASCII($0) ? RuleFileParser.lineBounds(of: $0) : nil }) else { return nil }
            self.text = text
            self.bounds = bounds
        }

        var count: Int { bounds.count }

        func extract(line: Int, column: Int, before nextBoundary: Int) -> String {
            var text = text
            return text.withUTF8 { InText(bounds: bounds, bytes: $0).extract(line: line, column: column, before: nextBoundary) }
        }

        private struct InText: RuleSourceLines {
            let bounds: [(start: Int, end: Int)]
            let bytes: UnsafeBufferPointer<UInt8>
            var count: Int { bounds.count }
            func line(_ number: Int) -> Range<Int> { bounds[number - 1].start..<bounds[number - 1].end }
            func trimmed(_ line: Range<Int>) -> Range<Int> {
                var start = line.lowerBound
                while start < line.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
                return start..<line.upperBound
            }
            func isComment(_ trimmed: Range<Int>) -> Bool { !trimmed.isEmpty && bytes[trimmed.lowerBound] == UInt8(ascii: "#") }
            func isEmpty(_ line: Range<Int>) -> Bool { line.isEmpty }
            func leadingBlanks(_ line: Range<Int>, trimmed: Range<Int>) -> Int { trimmed.lowerBound - line.lowerBound }
            func dropping(_ count: Int, _ line: Range<Int>) -> Range<Int> { min(line.lowerBound + count, line.upperBound)..<line.upperBound }
            var empty: Range<Int> { 0..<0 }
            func joined(_ lines: [Range<Int>]) -> String {
                var text: [UInt8] = []
                text.reserveCapacity(lines.reduce(lines.count) { $0 + $1.count })
                for (index, line) in lines.enumerated() {
                    if index > 0 { text.append(0x0A) }
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[line]))
                }
                return String(decoding: text, as: UTF8.self)
            }
        }
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring { drop { $0 == " " || $0 == "\t" } }
}

/// A rule's fields by key, found in one walk over its mapping (the first of a repeated key, as
/// `value(forKey:)` finds it). Eight lookups a rule each walked the pairs again, and Yams hands
/// out every pair it is asked for as a copy of both nodes: 5% of the instructions of parsing
/// the corpus's rule files.
private struct RuleFieldNodes {
    var alert: Node?
    var record: Node?
    var expr: Node?
    var labels: Node?
    var pendingFor: Node?
    var keepFiringFor: Node?
    var annotations: Node?

    init(_ node: Node) {
        guard case .mapping(let mapping) = node else { return }
        var index = mapping.startIndex
        while index < mapping.endIndex {
            let pair = mapping[index]
            index = mapping.index(after: index)
            guard case .scalar(let scalar) = pair.key else { continue }
            switch scalar.string {
            case "alert": if alert == nil { alert = pair.value }
            case "record": if record == nil { record = pair.value }
            case "expr": if expr == nil { expr = pair.value }
            case "labels": if labels == nil { labels = pair.value }
            case "for": if pendingFor == nil { pendingFor = pair.value }
            case "keep_firing_for": if keepFiringFor == nil { keepFiringFor = pair.value }
            case "annotations": if annotations == nil { annotations = pair.value }
            default: break
            }
        }
    }
}
