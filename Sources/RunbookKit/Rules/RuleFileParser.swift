import Yams

/// Parses one Prometheus rule file (`groups[].rules[]`) into `AlertRule`s, keeping each rule's
/// source text and line. Problems are diagnostics at their line, never a thrown error.
enum RuleFileParser {
    static func parse(text: String, file: String, sourcePath: String) -> RuleFile {
        var parsed = parseText(text, file: file, sourcePath: sourcePath)
        parsed.fingerprint = Int(truncatingIfNeeded: StableHash.of(text.utf8))
        return parsed
    }

    private static func parseText(_ text: String, file: String, sourcePath: String) -> RuleFile {
        var problems: [Diagnostic] = []
        func problem(_ message: String, _ mark: Mark?) {
            problems.append(Diagnostic(.ruleFileInvalid, message,
                                       at: SourceLocation(file: sourcePath, line: mark?.line, column: mark?.column)))
        }
        let root: Node?
        do {
            root = try composeYAML(text)
        } catch {
            problems.append(error.diagnostic(.ruleFileInvalid, what: "rule file", file: sourcePath))
            return RuleFile(path: file, sourcePath: sourcePath, rules: [], problems: problems)
        }
        guard let root else { return RuleFile(path: file, sourcePath: sourcePath, rules: [], problems: []) }
        guard case .mapping = root, let groups = root.value(forKey: "groups") else {
            problem("a rule file is a mapping with a `groups` list", root.mark)
            return RuleFile(path: file, sourcePath: sourcePath, rules: [], problems: problems)
        }
        guard case .sequence(let groupList) = groups else {
            problem("`groups` must be a list of rule groups", groups.mark)
            return RuleFile(path: file, sourcePath: sourcePath, rules: [], problems: problems)
        }

        // Every rule node in file order, with its group, so each rule's text can end where the next begins.
        var ruleNodes: [(node: Node, group: String)] = []
        var boundaries: [Int] = []  // lines where a group or rule starts
        for group in groupList {
            guard case .mapping = group else {
                problem("each group must be a mapping with `name` and `rules`", group.mark)
                continue
            }
            if let line = group.mark?.line { boundaries.append(line) }
            let name = group.value(forKey: "name")?.string ?? ""
            if name.isEmpty { problem("a rule group needs a `name`", group.mark) }
            guard let rules = group.value(forKey: "rules") else { continue }
            guard case .sequence(let ruleList) = rules else {
                problem("`rules` must be a list", rules.mark)
                continue
            }
            for rule in ruleList {
                guard case .mapping = rule else {
                    problem("each rule must be a mapping with `alert` or `record`", rule.mark)
                    continue
                }
                if let line = rule.mark?.line { boundaries.append(line) }
                ruleNodes.append((rule, name))
            }
        }
        boundaries.sort()

        // Lines as libyaml counts them, so its marks index them (SourceText already made these `\n`).
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}" }
        var rules: [AlertRule] = []
        for (node, group) in ruleNodes {
            let kind: AlertRule.Kind
            let nameNode: Node
            if let alert = node.value(forKey: "alert") {
                kind = .alert
                nameNode = alert
            } else if let record = node.value(forKey: "record") {
                kind = .record
                nameNode = record
            } else {
                problem("a rule needs `alert` or `record`", node.mark)
                continue
            }
            guard let name = nameNode.string, !name.isEmpty else {
                problem("`\(kind.rawValue)` must be a non-empty name", nameNode.mark)
                continue
            }
            let line = node.mark?.line ?? 1
            let column = node.mark?.column ?? 1
            let nextBoundary = boundaries.first { $0 > line } ?? (lines.count + 1)
            rules.append(AlertRule(
                kind: kind, name: name, group: group,
                expr: scalarText(node.value(forKey: "expr")),
                pendingFor: scalarText(node.value(forKey: "for")),
                keepFiringFor: scalarText(node.value(forKey: "keep_firing_for")),
                labels: entries(node.value(forKey: "labels")),
                annotations: entries(node.value(forKey: "annotations")),
                file: file, sourcePath: sourcePath, line: line, column: column,
                sourceText: RuleSourceText.extract(lines: lines, line: line, column: column, before: nextBoundary)))
        }
        return RuleFile(path: file, sourcePath: sourcePath, rules: rules, problems: problems)
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
enum RuleSourceText {
    static func extract(lines: [Substring], line: Int, column: Int, before nextBoundary: Int) -> String {
        // libyaml's line numbers must match ours (SourceText makes every line break `\n`); if
        // they ever do not, an empty text is better than a trap.
        guard line >= 1, line <= lines.count else { return "" }
        let indent = max(0, column - 1)
        var result: [Substring] = []

        // Comment lines immediately above the rule describe it.
        var commentStart = line - 1
        while commentStart >= 1, lines[commentStart - 1].trimmingLeadingSpaces().hasPrefix("#") { commentStart -= 1 }
        for index in (commentStart + 1)..<line {
            result.append(lines[index - 1].trimmingLeadingSpaces())
        }

        let first = lines[line - 1]
        result.append(first.dropFirst(min(indent, first.count)))
        var current = line + 1
        // Comments right above the next rule belong to it, not to this one.
        var end = min(nextBoundary, lines.count + 1)
        if nextBoundary <= lines.count {
            while end - 1 > line, lines[end - 2].trimmingLeadingSpaces().hasPrefix("#") { end -= 1 }
        }
        while current < end {
            let text = lines[current - 1]
            let stripped = text.trimmingLeadingSpaces()
            let leading = text.count - stripped.count
            if !stripped.isEmpty, leading < indent { break }
            result.append(stripped.isEmpty ? "" : text.dropFirst(indent))
            current += 1
        }
        while let last = result.last, last.allSatisfy({ $0 == " " || $0 == "\t" }) { result.removeLast() }
        return result.joined(separator: "\n")
    }
}

extension Substring {
    func trimmingLeadingSpaces() -> Substring { drop { $0 == " " || $0 == "\t" } }
}
