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
        switch expr {
        case .number(let text), .string(let text): return text
        case .vectorSelector(let selector): return selectorText(selector) + modifiersText(selector.modifiers)
        case .matrixSelector(let selector, let range, let modifiers):
            return selectorText(selector) + modifiersText(selector.modifiers) + "[\(range)]" + modifiersText(modifiers)
        case .subquery(let inner, let range, let step, let modifiers):
            return singleLine(inner) + "[\(range):\(step ?? "")]" + modifiersText(modifiers)
        case .call(let name, let arguments):
            return name + "(" + arguments.map(singleLine).joined(separator: ", ") + ")"
        case .aggregation(let aggregation):
            let arguments = ([aggregation.parameter].compactMap { $0 } + [aggregation.expression]).map(singleLine)
            return aggregationHead(aggregation) + "(" + arguments.joined(separator: ", ") + ")"
        case .binary(let binary):
            return singleLine(binary.left) + " " + operatorText(binary) + " " + singleLine(binary.right)
        case .unary(let op, let operand): return op + singleLine(operand)
        case .parenthesized(let inner): return "(" + singleLine(inner) + ")"
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

    static func selectorText(_ selector: PromQLExpr.VectorSelector) -> String {
        var text = selector.metricIsQuoted ? "" : (selector.metric ?? "")
        var items = selector.matchers.map { $0.label + $0.op + $0.value }
        if selector.metricIsQuoted, let metric = selector.metric { items.insert(metric, at: 0) }
        if !items.isEmpty || selector.hasBraces { text += "{" + items.joined(separator: ", ") + "}" }
        return text
    }

    static func modifiersText(_ modifiers: PromQLExpr.Modifiers) -> String {
        var text = ""
        if let at = modifiers.at { text += " @ " + at }
        if let offset = modifiers.offset { text += " offset " + offset }
        return text
    }

    static func aggregationHead(_ aggregation: PromQLExpr.Aggregation) -> String {
        guard let grouping = aggregation.grouping else { return aggregation.op }
        return aggregation.op + " " + grouping + " (" + aggregation.labels.joined(separator: ", ") + ") "
    }

    static func operatorText(_ binary: PromQLExpr.Binary) -> String {
        var text = binary.op
        if binary.returnsBool { text += " bool" }
        if let matching = binary.matching {
            if let kind = matching.kind { text += " \(kind) (" + matching.labels.joined(separator: ", ") + ")" }
            if let group = matching.group { text += " \(group) (" + matching.groupLabels.joined(separator: ", ") + ")" }
        }
        return text
    }
}
