import Foundation
import Yams

/// `stale-rule-copy`: many runbooks keep a YAML copy of their alert inside
/// `{{% comment %}}` (the corpus: a fenced ```yaml block). The copy is parsed with Yams and
/// compared with the rule the page's `rule` shortcode shows: `expr` (white space between tokens
/// ignored), `for`, every label, and every annotation except the runbook URL (copies often
/// carry an older address). The finding names the fields that differ and sits on the first of
/// them in the page.
struct StaleRuleCopyCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.staleRuleCopy] }

    /// Annotations that legitimately differ between a copy and the rule.
    static let ignoredAnnotations: Set<String> = ["runbook", "runbook_url"]

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        guard let file = context.site.pages[index].sourcePath, let content = context.contents[index],
              !content.expanded.comments.isEmpty else { return [] }
        var diagnostics: [Diagnostic] = []
        // The rules shown per alert name, grouped once rather than filtered for every copy.
        // From the page's rules, each once: 2,000 shortcodes naming a name defined 50,000 times
        // gathered a hundred million copies. A copy is compared with the first 64 of a name.
        var shownByName: [String: [AlertRule]] = [:]
        for rule in content.rules { shownByName[rule.name, default: []].append(rule, upTo: 64) }
        for comment in content.expanded.comments {
            for block in Self.yamlBlocks(in: comment.text, firstLine: comment.line) {
                guard let root = try? BoundedYAML.compose(block.text, resolver: .default) else { continue }
                for copy in Self.ruleMappings(in: root) {
                    guard let name = copy.value(forKey: "alert")?.string else { continue }
                    let shown = shownByName[name] ?? []
                    guard !shown.isEmpty else { continue }  // nothing to compare with (rule-not-found says why)
                    let comparisons = shown.map { (rule: $0, differences: Self.differences(copy: copy, rule: $0)) }
                    guard let closest = comparisons.min(by: { $0.differences.count < $1.differences.count }),
                          !closest.differences.isEmpty else { continue }
                    let first = closest.differences[0]
                    let mark = first.mark ?? copy.value(forKey: "alert")?.mark ?? copy.mark
                    let line = block.firstLine + (mark?.line ?? 1) - 1
                    let column = (mark?.column ?? 1) + block.indent
                    let fields = closest.differences.map(\.field).joined(separator: ", ")
                    let rule = closest.rule
                    diagnostics.append(Diagnostic(.staleRuleCopy,
                        "the copy of alert \"\(name)\" in this comment differs from \(rule.sourcePath):\(rule.line) in \(fields); update the copy from the rule file or delete it (the rule shortcode already shows the current rule)",
                        at: SourceLocation(file: file, line: line, column: column)))
                }
            }
        }
        return diagnostics
    }

    struct Difference {
        let field: String
        /// Where the field stands in the copy; nil when the copy lacks it.
        let mark: Mark?
    }

    static func differences(copy: Node, rule: AlertRule) -> [Difference] {
        var result: [Difference] = []
        let copyExpr = copy.value(forKey: "expr")
        if !sameIgnoringSpaceRuns(copyExpr.flatMap(scalarText), rule.expr) {
            result.append(Difference(field: "expr", mark: copyExpr?.mark))
        }
        let copyFor = copy.value(forKey: "for")
        if !sameTrimmed(copyFor.flatMap(scalarText), rule.pendingFor) {
            result.append(Difference(field: "for", mark: copyFor?.mark))
        }
        let copyKeep = copy.value(forKey: "keep_firing_for")
        if !sameTrimmed(copyKeep.flatMap(scalarText), rule.keepFiringFor) {
            result.append(Difference(field: "keep_firing_for", mark: copyKeep?.mark))
        }
        result += mappingDifferences("labels", copy: copy.value(forKey: "labels"), rule: rule.labels, ignoring: [])
        result += mappingDifferences("annotations", copy: copy.value(forKey: "annotations"), rule: rule.annotations, ignoring: ignoredAnnotations)
        return result
    }

    private static func mappingDifferences(_ field: String, copy: Node?, rule: [AlertRule.Entry],
                                           ignoring: Set<String>) -> [Difference] {
        var copyEntries: [String: (value: String, mark: Mark?)] = [:]
        if case .mapping(let mapping)? = copy {
            for (key, value) in mapping {
                guard let name = key.string, !ignoring.contains(name) else { continue }
                copyEntries[name] = (scalarText(value) ?? serialised(value), value.mark ?? key.mark)
            }
        }
        var ruleEntries: [String: String] = [:]
        for entry in rule where !ignoring.contains(entry.key) { ruleEntries[entry.key] = entry.value }
        var result: [Difference] = []
        for key in Set(copyEntries.keys).union(ruleEntries.keys).sorted() {
            let copied = copyEntries[key]
            if !sameTrimmed(copied?.value, ruleEntries[key]) {
                result.append(Difference(field: "\(field).\(key)", mark: copied?.mark ?? copy?.mark))
            }
        }
        // Keep file order: the first difference is where the message points.
        return result.sorted { ($0.mark?.line ?? .max, $0.field) < ($1.mark?.line ?? .max, $1.field) }
    }

    private static func scalarText(_ node: Node) -> String? {
        if case .scalar(let scalar) = node { return scalar.string }
        return nil
    }

    private static func serialised(_ node: Node) -> String {
        (try? Yams.serialize(node: node))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }

    /// Equal once white space at both ends is ignored (nil only equals nil).
    static func sameTrimmed(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        return trimmedBytes(a.utf8).elementsEqual(trimmedBytes(b.utf8))
    }

    /// Equal once every run of white space counts as one space and the ends are trimmed:
    /// PromQL ignores white space between tokens, so a re-wrapped expression is not stale.
    static func sameIgnoringSpaceRuns(_ a: String?, _ b: String?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        if a == b { return true }
        return collapsedBytes(a.utf8).elementsEqual(collapsedBytes(b.utf8))
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }

    private static func trimmedBytes(_ bytes: String.UTF8View) -> ArraySlice<UInt8> {
        let array = Array(bytes)
        var start = 0
        var end = array.count
        while start < end, isSpace(array[start]) { start += 1 }
        while end > start, isSpace(array[end - 1]) { end -= 1 }
        return array[start..<end]
    }

    private static func collapsedBytes(_ bytes: String.UTF8View) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var pendingSpace = false
        for byte in bytes {
            if isSpace(byte) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(UInt8(ascii: " ")) }
                pendingSpace = false
                result.append(byte)
            }
        }
        return result
    }

    /// The rule mappings in a copy: one rule, a list of rules, or whole rule groups.
    static func ruleMappings(in root: Node) -> [Node] {
        switch root {
        case .mapping:
            if root.value(forKey: "alert") != nil { return [root] }
            if let rules = root.value(forKey: "rules") { return ruleMappings(in: rules) }
            if let groups = root.value(forKey: "groups") { return ruleMappings(in: groups) }
            return []
        case .sequence(let items):
            return items.flatMap { ruleMappings(in: $0) }
        default:
            return []
        }
    }

    struct YAMLBlock {
        let text: String
        /// File line of the block's first line.
        let firstLine: Int
        /// Spaces removed from the front of every line (an indented fence).
        let indent: Int
    }

    /// The fenced ```yaml blocks of a comment, or the whole comment when it has no fence.
    static func yamlBlocks(in text: String, firstLine: Int) -> [YAMLBlock] {
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        var blocks: [YAMLBlock] = []
        var index = 0
        var sawFence = false
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == UInt8(ascii: " ") }.count
            let stripped = line.dropFirst(indent)
            guard let fenceByte = stripped.first, fenceByte == UInt8(ascii: "`") || fenceByte == UInt8(ascii: "~"),
                  stripped.prefix(3).count == 3, stripped.prefix(3).allSatisfy({ $0 == fenceByte }) else {
                index += 1
                continue
            }
            sawFence = true
            let info = String(decoding: stripped.drop { $0 == fenceByte }, as: UTF8.self).trimmingHorizontalWhitespace().lowercased()
            var end = index + 1
            while end < lines.count {
                let closing = lines[end].drop { $0 == UInt8(ascii: " ") }
                if closing.prefix(3).count == 3, closing.prefix(3).allSatisfy({ $0 == fenceByte }) { break }
                end += 1
            }
            if info.isEmpty || info.hasPrefix("yaml") || info.hasPrefix("yml") {
                var body = ""
                for inner in lines[(index + 1)..<end] {
                    let own = inner.prefix { $0 == UInt8(ascii: " ") }.count
                    body += String(decoding: inner.dropFirst(min(indent, own)), as: UTF8.self)
                    body += "\n"
                }
                blocks.append(YAMLBlock(text: body, firstLine: firstLine + index + 1, indent: indent))
            }
            index = end + 1
        }
        if !sawFence { blocks.append(YAMLBlock(text: text, firstLine: firstLine, indent: 0)) }
        return blocks
    }
}
