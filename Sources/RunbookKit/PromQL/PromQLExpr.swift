/// The syntax tree of a PromQL expression, as Prometheus' parser builds it. Literals keep the
/// text the writer typed (`0x1F`, `1h30m`, `'a'`) so layout never changes what they wrote.
public indirect enum PromQLExpr: Sendable, Hashable {
    case number(String)
    case string(String)
    case vectorSelector(VectorSelector)
    /// `selector[5m]` (the selector carries offset and `@`).
    case matrixSelector(VectorSelector, range: String, modifiers: Modifiers)
    /// `expr[30m:1m]`; `step` is nil for `[30m:]`.
    case subquery(PromQLExpr, range: String, step: String?, modifiers: Modifiers)
    case call(name: String, arguments: [PromQLExpr])
    case aggregation(Aggregation)
    case binary(Binary)
    case unary(op: String, PromQLExpr)
    case parenthesized(PromQLExpr)

    public struct Matcher: Sendable, Hashable {
        /// The label name as written (quoted in Prometheus 3's `{"a.b"="x"}`).
        public let label: String
        /// `=`, `!=`, `=~`, `!~`.
        public let op: String
        /// The value's literal, quotes included.
        public let value: String
    }

    /// `offset` and `@` modifiers, kept as written.
    public struct Modifiers: Sendable, Hashable {
        /// `5m`, `-1h`.
        public var offset: String?
        /// `1609746000`, `start()`, `end()`.
        public var at: String?
        public var isEmpty: Bool { offset == nil && at == nil }
    }

    public struct VectorSelector: Sendable, Hashable {
        /// The metric name before the braces, or the quoted name inside them; nil for `{job="x"}`.
        public let metric: String?
        /// Whether the name was written as a quoted string inside the braces.
        public let metricIsQuoted: Bool
        public let matchers: [Matcher]
        public var modifiers: Modifiers
        /// Whether braces were written (`up{}` keeps them).
        public let hasBraces: Bool
    }

    public struct Aggregation: Sendable, Hashable {
        /// Lower-cased operator (`sum`, `topk`).
        public let op: String
        public let parameter: PromQLExpr?
        public let expression: PromQLExpr
        /// `by` or `without`, nil when no grouping clause was written.
        public let grouping: String?
        public let labels: [String]
    }

    public struct Binary: Sendable, Hashable {
        /// Lower-cased operator (`+`, `and`, `atan2`).
        public let op: String
        public let left: PromQLExpr
        public let right: PromQLExpr
        public let returnsBool: Bool
        public let matching: Matching?
    }

    /// `on(…)`/`ignoring(…)` and `group_left(…)`/`group_right(…)`.
    public struct Matching: Sendable, Hashable {
        /// `on` or `ignoring`; nil when only a group modifier was written.
        public let kind: String?
        public let labels: [String]
        /// `group_left` or `group_right`.
        public let group: String?
        public let groupLabels: [String]
    }

    /// The expressions directly inside this one, in source order.
    public var children: [PromQLExpr] {
        switch self {
        case .number, .string, .vectorSelector, .matrixSelector: []
        case .subquery(let inner, _, _, _), .unary(_, let inner), .parenthesized(let inner): [inner]
        case .call(_, let arguments): arguments
        case .aggregation(let aggregation): (aggregation.parameter.map { [$0] } ?? []) + [aggregation.expression]
        case .binary(let binary): [binary.left, binary.right]
        }
    }

    /// Calls `body` with this expression and every one inside it, depth first, in source order.
    public func forEachNode(_ body: (PromQLExpr) -> Void) {
        body(self)
        for child in children { child.forEachNode(body) }
    }

    /// Every metric name the expression reads, in order of first use, without repeats.
    public var metricNames: [String] {
        var names: [String] = []
        var seen: Set<String> = []
        forEachNode { expr in
            let selector: VectorSelector
            switch expr {
            case .vectorSelector(let found), .matrixSelector(let found, _, _): selector = found
            default: return
            }
            var name = selector.metric.map { selector.metricIsQuoted ? PromQLExpr.unquote($0) : $0 }
            if name == nil, let matcher = selector.matchers.first(where: { $0.label == "__name__" && $0.op == "=" }) {
                name = PromQLExpr.unquote(matcher.value)
            }
            if let name, !name.isEmpty, seen.insert(name).inserted { names.append(name) }
        }
        return names
    }

    /// The functions and aggregation operators the expression calls, in source order, repeats kept.
    public var functionNames: [String] {
        var names: [String] = []
        forEachNode { expr in
            switch expr {
            case .call(let name, _): names.append(name)
            case .aggregation(let aggregation): names.append(aggregation.op)
            default: break
            }
        }
        return names
    }

    /// The value of a string literal as the lexer unescapes it.
    static func unquote(_ literal: String) -> String {
        let (tokens, _) = PromQLLexer.tokens(literal)
        if let first = tokens.first, first.kind == .string { return first.value }
        return literal
    }
}
