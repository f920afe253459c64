import Yams

/// What went wrong in a YAML text, and where (1-based, relative to the text parsed).
struct YAMLProblem: Error {
    var message: String
    var line: Int?
    var column: Int?
    /// Over a `YAMLBudget` (alias expansion, nesting) rather than a syntax error.
    var budgetExceeded = false
}

extension YAMLProblem {
    /// Pulls the position and the problem out of Yams' error, which keeps them in enum payloads.
    init(_ error: any Error) {
        guard let yamlError = error as? YamlError else {
            self.init(message: "\(error)", line: nil, column: nil)
            return
        }
        switch yamlError {
        case let .scanner(context, problem, mark, _),
             let .parser(context, problem, mark, _),
             let .composer(context, problem, mark, _):
            let while_ = context.map { " \($0.text)" } ?? ""
            self.init(message: "\(problem)\(while_)", line: mark.line, column: mark.column)
        case let .reader(problem, _, _, _):
            self.init(message: problem, line: nil, column: nil)
        case let .duplicatedKeysInMapping(duplicates, context):
            self.init(message: "duplicate key \(duplicates.map { "'\($0)'" }.joined(separator: ", "))",
                      line: context.mark.line, column: context.mark.column)
        default:
            self.init(message: "\(yamlError)", line: nil, column: nil)
        }
    }
}

/// Composes YAML into a node tree under the budget (`BoundedYAML`), turning Yams' errors into a
/// positioned problem. Scalars are left untyped (`Resolver.basic`); `DataValue(yaml:)` types
/// plain ones without regular expressions.
func composeYAML(_ text: String, budget: YAMLBudget = .standard) throws(YAMLProblem) -> Node? {
    try BoundedYAML.compose(text, budget: budget)
}

/// An empty or `null` plain scalar.
func isNullNode(_ node: Node) -> Bool {
    guard case .scalar(let scalar) = node, scalar.style == .plain else { return false }
    return PlainScalar.resolve(scalar.string) == .null
}

extension Node {
    /// A mapping's value for a plain key. Yams' `node["key"]` builds a node and runs its tag
    /// regular expressions at every comparison; comparing the key texts is all we need.
    func value(forKey key: String) -> Node? {
        guard case .mapping(let mapping) = self else { return nil }
        // By index: Yams makes a mapping's iterator from a copy of all its pairs, which was
        // ~7,000 instructions a lookup, four lookups a rule.
        var index = mapping.startIndex
        while index < mapping.endIndex {
            if case .scalar(let scalar) = mapping[index].key, scalar.string == key { return mapping[index].value }
            index = mapping.index(after: index)
        }
        return nil
    }
}
