/// Lays a PromQL tree out as text the way `promtool promql format` does: a node that fits in
/// `width` characters stays on one line; a longer one breaks at its top-level binary operator
/// (operands indented below and above it), puts an aggregation's or function's arguments on
/// lines of their own, and keeps `by`/`on`/`group_left` clauses with their operator.
public struct PromQLFormatter: Sendable {
    public var width: Int
    public var indent = "  "

    public init(width: Int = 100) {
        self.width = width
    }

    /// The expression on one line, normalised (`sum by (job) (rate(x[5m]))`).
    public static func singleLine(_ expr: PromQLExpr) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(128)
        appendSingleLine(expr, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `singleLine` appended as UTF-8: joining Strings at every node (`+`, `joined`) cost
    /// ~300 instructions a piece, and `lines` lays out every subtree it looks at.
    private static func appendSingleLine(_ expr: PromQLExpr, to out: inout [UInt8]) {
        switch expr {
        case .number(let text), .string(let text):
            out.append(utf8Of: text)
        case .vectorSelector(let selector):
            appendSelector(selector, to: &out)
            appendModifiers(selector.modifiers, to: &out)
        case .matrixSelector(let selector, let range, let modifiers):
            appendSelector(selector, to: &out)
            appendModifiers(selector.modifiers, to: &out)
            out.append(UInt8(ascii: "["))
            out.append(utf8Of: range)
            out.append(UInt8(ascii: "]"))
            appendModifiers(modifiers, to: &out)
        case .subquery(let inner, let range, let step, let modifiers):
            appendSingleLine(inner, to: &out)
            out.append(UInt8(ascii: "["))
            out.append(utf8Of: range)
            out.append(UInt8(ascii: ":"))
            out.append(utf8Of: step ?? "")
            out.append(UInt8(ascii: "]"))
            appendModifiers(modifiers, to: &out)
        case .call(let name, let arguments):
            out.append(utf8Of: name)
            appendArguments(arguments, to: &out)
        case .aggregation(let aggregation):
            appendAggregationHead(aggregation, to: &out)
            appendArguments([aggregation.parameter].compactMap { $0 } + [aggregation.expression], to: &out)
        case .binary(let binary):
            appendSingleLine(binary.left, to: &out)
            out.append(UInt8(ascii: " "))
            appendOperator(binary, to: &out)
            out.append(UInt8(ascii: " "))
            appendSingleLine(binary.right, to: &out)
        case .unary(let op, let operand):
            out.append(utf8Of: op)
            appendSingleLine(operand, to: &out)
        case .parenthesized(let inner):
            out.append(UInt8(ascii: "("))
            appendSingleLine(inner, to: &out)
            out.append(UInt8(ascii: ")"))
        }
    }

    /// `(a, b)`.
    private static func appendArguments(_ arguments: [PromQLExpr], to out: inout [UInt8]) {
        out.append(UInt8(ascii: "("))
        for (index, argument) in arguments.enumerated() {
            if index > 0 { out.append(literal: ", ") }
            appendSingleLine(argument, to: &out)
        }
        out.append(UInt8(ascii: ")"))
    }

    /// `a, b, c`.
    private static func appendJoined(_ items: [String], to out: inout [UInt8]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out.append(literal: ", ") }
            out.append(utf8Of: item)
        }
    }

    /// The expression laid out over as many lines as it needs.
    public func format(_ expr: PromQLExpr) -> String { lines(expr, level: 0) }

    private func pad(_ level: Int) -> String { String(repeating: indent, count: level) }

    private func lines(_ expr: PromQLExpr, level: Int) -> String {
        let flat = Self.singleLine(expr)
        let prefix = pad(level)
        if prefix.count + flat.count <= width { return prefix + flat }
        switch expr {
        case .binary(let binary):
            return lines(binary.left, level: level + 1) + "\n" + prefix + Self.operatorText(binary) + "\n"
                + lines(binary.right, level: level + 1)
        case .aggregation(let aggregation):
            let arguments = [aggregation.parameter].compactMap { $0 } + [aggregation.expression]
            return prefix + Self.aggregationHead(aggregation) + "(\n"
                + arguments.map { lines($0, level: level + 1) }.joined(separator: ",\n") + "\n" + prefix + ")"
        case .call(let name, let arguments) where !arguments.isEmpty:
            return prefix + name + "(\n" + arguments.map { lines($0, level: level + 1) }.joined(separator: ",\n")
                + "\n" + prefix + ")"
        case .parenthesized(let inner):
            return prefix + "(\n" + lines(inner, level: level + 1) + "\n" + prefix + ")"
        case .subquery(let inner, let range, let step, let modifiers):
            return lines(inner, level: level) + "[\(range):\(step ?? "")]" + Self.modifiersText(modifiers)
        case .unary(let op, let operand):
            let inner = lines(operand, level: level)
            return prefix + op + inner.dropFirst(prefix.count)
        default:
            return prefix + flat  // selectors and literals never break
        }
    }

    static func modifiersText(_ modifiers: PromQLExpr.Modifiers) -> String {
        text { appendModifiers(modifiers, to: &$0) }
    }

    static func aggregationHead(_ aggregation: PromQLExpr.Aggregation) -> String {
        text { appendAggregationHead(aggregation, to: &$0) }
    }

    static func operatorText(_ binary: PromQLExpr.Binary) -> String {
        text { appendOperator(binary, to: &$0) }
    }

    private static func text(_ write: (inout [UInt8]) -> Void) -> String {
        var out: [UInt8] = []
        write(&out)
        return String(decoding: out, as: UTF8.self)
    }

    /// `metric{label="value", …}`; a quoted metric name goes first inside the braces.
    private static func appendSelector(_ selector: PromQLExpr.VectorSelector, to out: inout [UInt8]) {
        if !selector.metricIsQuoted, let metric = selector.metric { out.append(utf8Of: metric) }
        let quotedMetric = selector.metricIsQuoted ? selector.metric : nil
        guard quotedMetric != nil || !selector.matchers.isEmpty || selector.hasBraces else { return }
        out.append(UInt8(ascii: "{"))
        var first = true
        if let quotedMetric {
            out.append(utf8Of: quotedMetric)
            first = false
        }
        for matcher in selector.matchers {
            if !first { out.append(literal: ", ") }
            first = false
            out.append(utf8Of: matcher.label)
            out.append(utf8Of: matcher.op)
            out.append(utf8Of: matcher.value)
        }
        out.append(UInt8(ascii: "}"))
    }

    private static func appendModifiers(_ modifiers: PromQLExpr.Modifiers, to out: inout [UInt8]) {
        if let at = modifiers.at {
            out.append(literal: " @ ")
            out.append(utf8Of: at)
        }
        if let offset = modifiers.offset {
            out.append(literal: " offset ")
            out.append(utf8Of: offset)
        }
    }

    private static func appendAggregationHead(_ aggregation: PromQLExpr.Aggregation, to out: inout [UInt8]) {
        out.append(utf8Of: aggregation.op)
        guard let grouping = aggregation.grouping else { return }
        out.append(UInt8(ascii: " "))
        out.append(utf8Of: grouping)
        out.append(literal: " (")
        appendJoined(aggregation.labels, to: &out)
        out.append(literal: ") ")
    }

    private static func appendOperator(_ binary: PromQLExpr.Binary, to out: inout [UInt8]) {
        out.append(utf8Of: binary.op)
        if binary.returnsBool { out.append(literal: " bool") }
        guard let matching = binary.matching else { return }
        if let kind = matching.kind { appendClause(kind, matching.labels, to: &out) }
        if let group = matching.group { appendClause(group, matching.groupLabels, to: &out) }
    }

    /// ` on (a, b)`, ` group_left (c)`.
    private static func appendClause(_ keyword: String, _ labels: [String], to out: inout [UInt8]) {
        out.append(UInt8(ascii: " "))
        out.append(utf8Of: keyword)
        out.append(literal: " (")
        appendJoined(labels, to: &out)
        out.append(UInt8(ascii: ")"))
    }
}
