/// A recursive-descent parser for Prometheus' query language, with Prometheus' precedence
/// (`^` right-associative; `* / % atan2`; `+ -`; comparisons; `and unless`; `or`), vector
/// matching, aggregations, functions, subqueries, `offset` and `@`, and Prometheus' type
/// checks. The expression comes from an untrusted rule file: nesting is bounded, so any input
/// gives a tree or a located error, never a crash or a hang.
public struct PromQLParser {
    /// Deeper nesting is an error rather than a risk to the (small) stack of a worker thread.
    public static let maximumDepth = 100

    private typealias Node = (expr: PromQLExpr, type: PromQLValueType)

    private let tokens: [PromQLToken]
    private var position = 0
    private var depth = 0

    private init(tokens: [PromQLToken]) {
        self.tokens = tokens
    }

    /// The tree of `source`, or the first error with its byte offset.
    public static func parse(_ source: String) -> Result<PromQLExpr, PromQLError> {
        parseCountingComments(source).result
    }

    /// `parse`, and whether the source holds comments (from the same tokens, so a caller that
    /// needs both lexes once).
    static func parseCountingComments(_ source: String) -> (result: Result<PromQLExpr, PromQLError>, hasComments: Bool) {
        let (all, lexError) = PromQLLexer.tokens(source)
        let hasComments = all.contains { $0.kind == .comment }
        if let lexError { return (.failure(lexError), hasComments) }
        var parser = PromQLParser(tokens: hasComments ? all.filter { $0.kind != .comment } : all)
        do {
            if parser.peek.kind == .end { throw PromQLError("no expression found in input", at: parser.peek.start) }
            let node = try parser.expression(minimumPrecedence: 0)
            if parser.peek.kind != .end { throw parser.unexpected(parser.peek, "") }
            return (.success(node.expr), hasComments)
        } catch let error as PromQLError {
            return (.failure(error), hasComments)
        } catch {
            return (.failure(PromQLError("\(error)", at: 0)), hasComments)
        }
    }

    // MARK: Tokens

    private var peek: PromQLToken { tokens[min(position, tokens.count - 1)] }
    private func lookahead(_ ahead: Int) -> PromQLToken { tokens[min(position + ahead, tokens.count - 1)] }

    @discardableResult
    private mutating func advance() -> PromQLToken {
        let token = peek
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    private func isKeyword(_ token: PromQLToken, _ word: String) -> Bool {
        token.kind == .identifier && token.lowered == word
    }

    private mutating func expect(_ symbol: String, _ context: String) throws {
        guard peek.isPunctuation(symbol) else { throw unexpected(peek, context + ", expected \"\(symbol)\"") }
        advance()
    }

    private func unexpected(_ token: PromQLToken, _ context: String) -> PromQLError {
        let what: String
        switch token.kind {
        case .end: what = "unexpected end of input"
        case .identifier:
            what = PromQLFunctions.keywords.contains(token.lowered) || PromQLFunctions.aggregations[token.lowered] != nil
                ? "unexpected keyword \"\(token.text)\"" : "unexpected identifier \"\(token.text)\""
        case .number: what = "unexpected number \"\(token.text)\""
        case .duration: what = "unexpected duration \"\(token.text)\""
        case .string: what = "unexpected string \(token.text)"
        default: what = "unexpected \"\(token.text)\""
        }
        return PromQLError(what + context, at: token.start)
    }

    private mutating func enter(_ token: PromQLToken) throws {
        depth += 1
        if depth > Self.maximumDepth {
            throw PromQLError("expression nests too deeply (more than \(Self.maximumDepth) levels)", at: token.start)
        }
    }

    // MARK: Binary operators

    static func precedence(_ op: String) -> Int? {
        switch op {
        case "or": 1
        case "and", "unless": 2
        case "==", "!=", "<=", "<", ">=", ">": 3
        case "+", "-": 4
        case "*", "/", "%", "atan2": 5
        case "^": 6
        default: nil
        }
    }

    static func isComparison(_ op: String) -> Bool { precedence(op) == 3 }
    static func isSetOperator(_ op: String) -> Bool { op == "and" || op == "or" || op == "unless" }

    private func binaryOperator(_ token: PromQLToken) -> String? {
        switch token.kind {
        case .punctuation where Self.precedence(token.text) != nil: token.text
        case .identifier where ["and", "or", "unless", "atan2"].contains(token.lowered): token.lowered
        default: nil
        }
    }

    private mutating func expression(minimumPrecedence: Int) throws -> Node {
        try enter(peek)
        defer { depth -= 1 }
        var left = try unary()
        var chain = 0  // `a + b + c …` deepens the tree without recursing here
        while let op = binaryOperator(peek), let precedence = Self.precedence(op), precedence >= minimumPrecedence {
            let opToken = advance()
            chain += 1
            if depth + chain > Self.maximumDepth {
                throw PromQLError("expression nests too deeply (more than \(Self.maximumDepth) levels)", at: opToken.start)
            }
            var returnsBool = false
            if isKeyword(peek, "bool") {
                guard Self.isComparison(op) else {
                    throw PromQLError("bool modifier can only be used on comparison operators", at: peek.start)
                }
                advance()
                returnsBool = true
            }
            let matching = try vectorMatching(op: op)
            let right = try expression(minimumPrecedence: op == "^" ? precedence : precedence + 1)
            left = try binary(op, opToken, left, right, returnsBool: returnsBool, matching: matching)
        }
        return left
    }

    private mutating func vectorMatching(op: String) throws -> PromQLExpr.Matching? {
        var kind: String?
        var labels: [String] = []
        if isKeyword(peek, "on") || isKeyword(peek, "ignoring") {
            kind = advance().lowered
            labels = try labelList("\(kind ?? "on") clause")
        }
        var group: String?
        var groupLabels: [String] = []
        if isKeyword(peek, "group_left") || isKeyword(peek, "group_right") {
            let token = advance()
            if Self.isSetOperator(op) {
                throw PromQLError("no grouping allowed for \"\(op)\" operation", at: token.start)
            }
            if kind == nil {
                throw PromQLError("\(token.lowered) must follow on(…) or ignoring(…)", at: token.start)
            }
            group = token.lowered
            if peek.isPunctuation("(") { groupLabels = try labelList("\(token.lowered) clause") }
        }
        if kind == nil && group == nil { return nil }
        return PromQLExpr.Matching(kind: kind, labels: labels, group: group, groupLabels: groupLabels)
    }

    private func binary(_ op: String, _ token: PromQLToken, _ left: Node, _ right: Node,
                        returnsBool: Bool, matching: PromQLExpr.Matching?) throws -> Node {
        for side in [left, right] where side.type != .scalar && side.type != .vector {
            throw PromQLError("binary expression must contain only scalar and instant vector types, not \(side.type.rawValue)", at: token.start)
        }
        let bothScalar = left.type == .scalar && right.type == .scalar
        if Self.isSetOperator(op) && (left.type == .scalar || right.type == .scalar) {
            throw PromQLError("set operator \"\(op)\" not allowed in binary scalar expression", at: token.start)
        }
        if Self.isComparison(op) && bothScalar && !returnsBool {
            throw PromQLError("comparisons between scalars must use bool modifier", at: token.start)
        }
        if matching != nil && (left.type != .vector || right.type != .vector) {
            throw PromQLError("vector matching only allowed between instant vectors", at: token.start)
        }
        let node = PromQLExpr.Binary(op: op, left: left.expr, right: right.expr, returnsBool: returnsBool, matching: matching)
        return (.binary(node), bothScalar ? .scalar : .vector)
    }

    // MARK: Unary, postfix, primary

    private mutating func unary() throws -> Node {
        guard peek.isPunctuation("-") || peek.isPunctuation("+") else { return try postfix() }
        let token = advance()
        try enter(token)
        defer { depth -= 1 }
        // Unary minus binds like `*`: `-a ^ b` is `-(a ^ b)`, `-a * b` is `(-a) * b`.
        let operand = try expression(minimumPrecedence: 6)
        guard operand.type == .scalar || operand.type == .vector else {
            throw PromQLError("unary expression only allowed on expressions of type scalar or instant vector, got \(operand.type.rawValue)", at: token.start)
        }
        return (.unary(op: token.text, operand.expr), operand.type)
    }

    private mutating func postfix() throws -> Node {
        var node = try primary()
        while true {
            if peek.isPunctuation("[") {
                let bracket = advance()
                let range = try durationLiteral("range")
                if peek.isPunctuation(":") {
                    advance()
                    var step: String?
                    if !peek.isPunctuation("]") { step = try durationLiteral("subquery step") }
                    try expect("]", " in subquery")
                    guard node.type == .vector else {
                        throw PromQLError("subquery is only allowed on instant vector, got \(node.type.rawValue)", at: bracket.start)
                    }
                    node = (.subquery(node.expr, range: range, step: step, modifiers: .init()), .matrix)
                    continue
                }
                try expect("]", " in range selector")
                guard case .vectorSelector(let selector) = node.expr else {
                    throw PromQLError("ranges only allowed for vector selectors", at: bracket.start)
                }
                guard selector.modifiers.isEmpty else {
                    throw PromQLError("no offset or @ modifiers allowed before range", at: bracket.start)
                }
                node = (.matrixSelector(selector, range: range, modifiers: .init()), .matrix)
            } else if isKeyword(peek, "offset") {
                let token = advance()
                var sign = ""
                if peek.isPunctuation("-") || peek.isPunctuation("+") { sign = advance().text }
                let amount = try durationLiteral("offset")
                node.expr = try modify(node.expr, at: token) { modifiers in
                    guard modifiers.offset == nil else { throw PromQLError("offset may not be set multiple times", at: token.start) }
                    modifiers.offset = (sign == "+" ? "" : sign) + amount
                }
            } else if peek.isPunctuation("@") {
                let token = advance()
                let value: String
                if peek.kind == .identifier, ["start", "end"].contains(peek.lowered), lookahead(1).isPunctuation("(") {
                    let name = advance().lowered
                    advance()
                    try expect(")", " in @ \(name)()")
                    value = name + "()"
                } else {
                    var sign = ""
                    if peek.isPunctuation("-") || peek.isPunctuation("+") { sign = advance().text }
                    guard peek.kind == .number else { throw unexpected(peek, " in @, expected timestamp, start() or end()") }
                    let number = advance().text
                    let lowered = number.lowercased()
                    if lowered == "inf" || lowered == "nan" {
                        throw PromQLError("timestamp out of bounds for @ modifier: \(sign)\(number)", at: token.start)
                    }
                    value = (sign == "+" ? "" : sign) + number
                }
                node.expr = try modify(node.expr, at: token) { modifiers in
                    guard modifiers.at == nil else { throw PromQLError("@ <timestamp> may not be set multiple times", at: token.start) }
                    modifiers.at = value
                }
            } else {
                return node
            }
        }
    }

    /// Applies an `offset` or `@` to the selector or subquery it follows.
    private func modify(_ expr: PromQLExpr, at token: PromQLToken,
                        _ change: (inout PromQLExpr.Modifiers) throws -> Void) throws -> PromQLExpr {
        switch expr {
        case .vectorSelector(var selector):
            try change(&selector.modifiers)
            return .vectorSelector(selector)
        case .matrixSelector(let selector, let range, var modifiers):
            try change(&modifiers)
            return .matrixSelector(selector, range: range, modifiers: modifiers)
        case .subquery(let inner, let range, let step, var modifiers):
            try change(&modifiers)
            return .subquery(inner, range: range, step: step, modifiers: modifiers)
        default:
            let name = token.text == "@" ? "@ modifier" : "offset modifier"
            throw PromQLError("\(name) must be preceded by an instant vector selector or range vector selector or a subquery", at: token.start)
        }
    }

    /// A duration (`5m`); a plain number counts as seconds, as in Prometheus 3.
    private mutating func durationLiteral(_ context: String) throws -> String {
        guard peek.kind == .duration || (peek.kind == .number && !["inf", "nan"].contains(peek.lowered)) else {
            throw unexpected(peek, " in \(context), expected duration")
        }
        return advance().text
    }

    private mutating func primary() throws -> Node {
        let token = peek
        switch token.kind {
        case .number, .duration:
            advance()
            return (.number(token.text), .scalar)
        case .string:
            advance()
            return (.string(token.text), .string)
        case .punctuation where token.text == "(":
            advance()
            try enter(token)
            defer { depth -= 1 }
            let inner = try expression(minimumPrecedence: 0)
            try expect(")", " in parenthesized expression")
            return (.parenthesized(inner.expr), inner.type)
        case .punctuation where token.text == "{":
            return (.vectorSelector(try selector(metric: nil, at: token)), .vector)
        case .identifier:
            let lowered = token.lowered
            let next = lookahead(1)
            if PromQLFunctions.aggregations[lowered] != nil,
               next.isPunctuation("(") || isKeyword(next, "by") || isKeyword(next, "without") {
                return try aggregation()
            }
            if next.isPunctuation("(") {
                return try call()
            }
            if PromQLFunctions.keywords.contains(lowered) || PromQLFunctions.aggregations[lowered] != nil {
                throw unexpected(token, "")
            }
            advance()
            return (.vectorSelector(try selector(metric: token, at: token)), .vector)
        case .end:
            throw unexpected(token, "")
        default:
            throw unexpected(token, "")
        }
    }

    private mutating func call() throws -> Node {
        let nameToken = advance()
        let name = nameToken.text
        guard let signature = PromQLFunctions.signatures[name] else {
            throw PromQLError("unknown function with name \"\(name)\"", at: nameToken.start)
        }
        try enter(nameToken)
        defer { depth -= 1 }
        advance()  // (
        let arguments = try argumentList(in: "function call")
        let close = advance()
        if arguments.count < signature.minimum || signature.maximum.map({ arguments.count > $0 }) == true {
            let expected = signature.minimum == signature.maximum
                ? "\(signature.minimum)"
                : signature.maximum.map { "\(signature.minimum) to \($0)" } ?? "at least \(signature.minimum)"
            throw PromQLError("expected \(expected) argument(s) in call to \"\(name)\", got \(arguments.count)",
                              at: arguments.count > (signature.maximum ?? .max) ? arguments[signature.maximum ?? 0].start : close.start)
        }
        for (index, argument) in arguments.enumerated() {
            let expected = signature.arguments[min(index, signature.arguments.count - 1)]
            if argument.node.type != expected {
                throw PromQLError("expected type \(expected.rawValue) in call to function \"\(name)\", got \(argument.node.type.rawValue)",
                                  at: argument.start)
            }
        }
        return (.call(name: name, arguments: arguments.map(\.node.expr)), signature.returns)
    }

    /// Comma-separated expressions up to the closing `)` (not taken), each with where it starts.
    private mutating func argumentList(in context: String) throws -> [(node: Node, start: Int)] {
        var arguments: [(node: Node, start: Int)] = []
        while !peek.isPunctuation(")") {
            let start = peek.start
            arguments.append((try expression(minimumPrecedence: 0), start))
            if peek.isPunctuation(",") {
                advance()
            } else if !peek.isPunctuation(")") {
                throw unexpected(peek, " in \(context), expected \",\" or \")\"")
            }
        }
        return arguments
    }

    private mutating func aggregation() throws -> Node {
        let opToken = advance()
        let op = opToken.lowered
        try enter(opToken)
        defer { depth -= 1 }
        var grouping: String?
        var labels: [String] = []
        if isKeyword(peek, "by") || isKeyword(peek, "without") {
            grouping = advance().lowered
            labels = try labelList("grouping opts")
        }
        guard peek.isPunctuation("(") else { throw unexpected(peek, " in aggregation, expected \"(\"") }
        let open = advance()
        let arguments = try argumentList(in: "aggregation")
        advance()
        let parameterType = PromQLFunctions.aggregations[op] ?? nil
        let expectedCount = parameterType == nil ? 1 : 2
        guard arguments.count == expectedCount else {
            throw PromQLError("wrong number of arguments for aggregate expression provided, expected \(expectedCount), got \(arguments.count)",
                              at: open.start)
        }
        if let parameterType, arguments[0].node.type != parameterType {
            throw PromQLError("expected type \(parameterType.rawValue) in aggregation parameter, got \(arguments[0].node.type.rawValue)",
                              at: arguments[0].start)
        }
        let body = arguments[arguments.count - 1]
        guard body.node.type == .vector else {
            throw PromQLError("expected type instant vector in aggregation expression, got \(body.node.type.rawValue)", at: body.start)
        }
        if isKeyword(peek, "by") || isKeyword(peek, "without") {
            let token = advance()
            guard grouping == nil else {
                throw PromQLError("aggregation can have only one grouping clause (by or without)", at: token.start)
            }
            grouping = token.lowered
            labels = try labelList("grouping opts")
        }
        let node = PromQLExpr.Aggregation(op: op, parameter: parameterType == nil ? nil : arguments[0].node.expr,
                                          expression: body.node.expr, grouping: grouping, labels: labels)
        return (.aggregation(node), .vector)
    }

    /// `(a, b, "c.d")` after by, without, on, ignoring, group_left, group_right.
    private mutating func labelList(_ context: String) throws -> [String] {
        try expect("(", " in \(context)")
        var labels: [String] = []
        while !peek.isPunctuation(")") {
            guard peek.kind == .identifier || peek.kind == .string else { throw unexpected(peek, " in \(context), expected label") }
            if peek.kind == .identifier, peek.text.contains(":") {
                throw PromQLError("invalid label name \"\(peek.text)\": labels cannot contain ':'", at: peek.start)
            }
            labels.append(advance().text)
            if peek.isPunctuation(",") {
                advance()
            } else if !peek.isPunctuation(")") {
                throw unexpected(peek, " in \(context), expected \",\" or \")\"")
            }
        }
        advance()
        return labels
    }

    /// `metric`, `metric{…}`, `{…}`, with Prometheus 3's quoted names (`{"a.b", x="y"}`).
    private mutating func selector(metric: PromQLToken?, at start: PromQLToken) throws -> PromQLExpr.VectorSelector {
        var name = metric?.text
        var quoted = false
        var matchers: [PromQLExpr.Matcher] = []
        var hasBraces = false
        if peek.isPunctuation("{") {
            hasBraces = true
            advance()
            while !peek.isPunctuation("}") {
                let labelToken = peek
                guard labelToken.kind == .identifier || labelToken.kind == .string else {
                    throw unexpected(labelToken, " in label matching, expected label")
                }
                advance()
                if labelToken.kind == .string && (peek.isPunctuation(",") || peek.isPunctuation("}")) {
                    guard name == nil else { throw PromQLError("metric name must not be set twice", at: labelToken.start) }
                    name = labelToken.text
                    quoted = true
                } else {
                    if labelToken.kind == .identifier, labelToken.text.contains(":") {
                        throw PromQLError("invalid label name \"\(labelToken.text)\": labels cannot contain ':'", at: labelToken.start)
                    }
                    guard peek.kind == .punctuation, ["=", "!=", "=~", "!~"].contains(peek.text) else {
                        throw unexpected(peek, " in label matching, expected label matching operator")
                    }
                    let op = advance().text
                    guard peek.kind == .string else { throw unexpected(peek, " in label matching, expected string") }
                    let value = advance()
                    let label = labelToken.text
                    if PromQLExpr.unquote(label) == "__name__", op == "=", name != nil {
                        throw PromQLError("metric name must not be set twice", at: labelToken.start)
                    }
                    matchers.append(PromQLExpr.Matcher(label: label, op: op, value: value.text))
                }
                if peek.isPunctuation(",") {
                    advance()
                } else if !peek.isPunctuation("}") {
                    throw unexpected(peek, " in label matching, expected \",\" or \"}\"")
                }
            }
            advance()
        }
        if name == nil && !matchers.contains(where: Self.matchesNonEmpty) {
            throw PromQLError("vector selector must contain at least one non-empty matcher", at: start.start)
        }
        return PromQLExpr.VectorSelector(metric: name, metricIsQuoted: quoted, matchers: matchers,
                                         modifiers: .init(), hasBraces: hasBraces)
    }

    /// Whether a matcher rejects the empty string (Prometheus requires one in `{…}` alone).
    static func matchesNonEmpty(_ matcher: PromQLExpr.Matcher) -> Bool {
        let value = PromQLExpr.unquote(matcher.value)
        switch matcher.op {
        case "=": return !value.isEmpty
        case "!=": return value.isEmpty
        case "=~": return !RegexEmptiness.matchesEmpty(value)
        default: return RegexEmptiness.matchesEmpty(value)  // !~
        }
    }
}
