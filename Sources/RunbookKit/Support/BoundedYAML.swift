import Yams
// libyaml, which Yams builds; its event parser lets us measure a document before Yams builds it.
import CYaml

/// Limits on what one YAML text may make us build. Yams' nodes share storage, so an alias
/// costs nothing when composed, but every later walk (conversion, `serialize`, hashing a
/// mapping key, rendering) visits the aliased subtree again: ten nested anchors of ten
/// aliases each ("billion laughs", ~400 bytes) become 10⁹ nodes. We count before building.
public struct YAMLBudget: Sendable, Hashable {
    /// Collections nested deeper than this are refused (Yams composes recursively).
    public var maxDepth: Int = 100
    /// Nodes that aliases may add, in total, over the whole text.
    public var maxAliasNodes: Int = 100_000
    /// Bytes of scalar text that aliases may add, in total.
    public var maxAliasBytes: Int = 1 << 20

    public init() {}
    public static let standard = YAMLBudget()
}

/// Every YAML text we read (front matter, rule files, configuration) is composed here: a first
/// pass over libyaml's events counts each anchor's expanded size and the nesting depth, and
/// stops at the first alias or collection that goes over the budget, with its position.
enum BoundedYAML {
    // The encoding is named: Yams' `.default` reads the whole process environment into a
    // dictionary on every parse (0.4% of a cold corpus build). Composing builds no Swift
    // values, so the constructor is an empty one (`.default` fills three dictionaries).

    /// The single document's root node (nil for an empty text).
    static func compose(_ text: String, budget: YAMLBudget = .standard,
                        resolver: Resolver = .basic) throws(YAMLProblem) -> Node? {
        try check(text, budget: budget)
        do {
            return try Parser(yaml: text, resolver: resolver, constructor: Constructor([:], [:], [:]), encoding: .utf8).singleRoot()
        } catch {
            throw YAMLProblem(error)
        }
    }

    /// Every document of a `---`-separated stream; the budget covers the stream as a whole.
    static func composeAll(_ text: String, budget: YAMLBudget = .standard) throws(YAMLProblem) -> [Node] {
        // Plain block YAML (nearly every rule file) needs neither libyaml nor the budget's pass.
        if let root = BlockYAML.compose(text, maxDepth: budget.maxDepth) { return [root] }
        try check(text, budget: budget)
        do {
            let parser = try Parser(yaml: text, resolver: Resolver.basic, constructor: Constructor([:], [:], [:]), encoding: .utf8)
            var documents: [Node] = []
            while let root = try parser.nextRoot() { documents.append(root) }
            return documents
        } catch {
            throw YAMLProblem(error)
        }
    }

    /// Walks the events without building anything. Syntax errors end the walk quietly: Yams
    /// reports them, with its own messages, when it composes.
    static func check(_ text: String, budget: YAMLBudget) throws(YAMLProblem) {
        var copy = text
        let result: YAMLProblem? = copy.withUTF8 { buffer in
            var parser = yaml_parser_t()
            guard yaml_parser_initialize(&parser) == 1 else { return nil }
            defer { yaml_parser_delete(&parser) }
            yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
            yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
            var meter = Meter(budget: budget)
            var event = yaml_event_t()
            while yaml_parser_parse(&parser, &event) == 1 {
                defer { yaml_event_delete(&event) }
                if event.type == YAML_STREAM_END_EVENT { return nil }
                if let problem = meter.take(event) { return problem }
            }
            return nil
        }
        if let result { throw result }
    }

    /// The size of nodes built so far: a node counts 1, a scalar also counts its bytes.
    private struct Size {
        var nodes = 0
        var bytes = 0
        static func + (lhs: Size, rhs: Size) -> Size { Size(nodes: lhs.nodes + rhs.nodes, bytes: lhs.bytes + rhs.bytes) }
    }

    private struct Meter {
        let budget: YAMLBudget
        /// Open collections: their anchor and the size of what they hold so far.
        var open: [(anchor: String?, size: Size)] = []
        var anchors: [String: Size] = [:]
        var added = Size()

        init(budget: YAMLBudget) { self.budget = budget }

        mutating func take(_ event: yaml_event_t) -> YAMLProblem? {
            switch event.type {
            case YAML_DOCUMENT_START_EVENT:
                anchors = [:]  // anchors do not cross documents
            case YAML_SCALAR_EVENT:
                let scalar = event.data.scalar
                finish(Size(nodes: 1, bytes: Int(scalar.length)), anchor: Self.name(scalar.anchor))
            case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
                let anchor = event.type == YAML_SEQUENCE_START_EVENT
                    ? Self.name(event.data.sequence_start.anchor) : Self.name(event.data.mapping_start.anchor)
                open.append((anchor, Size(nodes: 1)))
                if open.count > budget.maxDepth {
                    return problem("YAML nested more than \(budget.maxDepth) levels deep; flatten the structure", event.start_mark)
                }
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                guard let closed = open.popLast() else { return nil }
                finish(closed.size, anchor: closed.anchor)
            case YAML_ALIAS_EVENT:
                guard let name = Self.name(event.data.alias.anchor), let size = anchors[name] else { return nil }
                added = added + size
                if added.nodes > budget.maxAliasNodes {
                    return problem("YAML aliases would expand to more than \(grouped(budget.maxAliasNodes)) nodes (`*\(name)` here); "
                                   + "an alias bomb, or anchors reused far too often: write the values out", event.start_mark)
                }
                if added.bytes > budget.maxAliasBytes {
                    return problem("YAML aliases would expand to more than \(grouped(budget.maxAliasBytes)) bytes of text (`*\(name)` here); "
                                   + "an alias bomb, or anchors reused far too often: write the values out", event.start_mark)
                }
                finish(size, anchor: nil)
            default:
                break
            }
            return nil
        }

        /// A node is complete: it joins its parent and, when anchored, is remembered.
        private mutating func finish(_ size: Size, anchor: String?) {
            if let anchor { anchors[anchor] = size }
            if !open.isEmpty { open[open.count - 1].size = open[open.count - 1].size + size }
        }

        private func problem(_ message: String, _ mark: yaml_mark_t) -> YAMLProblem {
            YAMLProblem(message: message, line: Int(mark.line) + 1, column: Int(mark.column) + 1, budgetExceeded: true)
        }

        private static func name(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
            pointer.map { String(cString: UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self)) }
        }
    }
}

extension YAMLProblem {
    /// The diagnostic for this problem in `file`: `yaml-budget-exceeded` when over the budget,
    /// otherwise `invalid` ("<what> is not valid YAML: …"). `lineOffset` moves the text's lines
    /// to the file's (front matter starts on line 2).
    func diagnostic(_ invalid: DiagnosticCode, what: String, file: String, lineOffset: Int = 0,
                    defaultLine: Int? = nil) -> Diagnostic {
        let location = SourceLocation(file: file, line: line.map { $0 + lineOffset } ?? defaultLine, column: column)
        if budgetExceeded { return Diagnostic(.yamlBudgetExceeded, "\(what): \(message)", at: location) }
        return Diagnostic(invalid, "\(what) is not valid YAML: \(message)", at: location)
    }
}
