import Yams

/// A value read from YAML (or TOML) front matter or configuration, with the type YAML's
/// resolver gave it. Mappings keep their key order.
public indirect enum DataValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    /// A YAML timestamp, kept as written; `Timestamp` parses it.
    case timestamp(String)
    case list([DataValue])
    case map([(key: String, value: DataValue)])

    public static func == (lhs: DataValue, rhs: DataValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case let (.bool(a), .bool(b)): a == b
        case let (.int(a), .int(b)): a == b
        case let (.double(a), .double(b)): a == b
        case let (.string(a), .string(b)): a == b
        case let (.timestamp(a), .timestamp(b)): a == b
        case let (.list(a), .list(b)): a == b
        case let (.map(a), .map(b)): a.count == b.count && zip(a, b).allSatisfy { $0.key == $1.key && $0.value == $1.value }
        default: false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .bool(let v): hasher.combine(v)
        case .int(let v): hasher.combine(v)
        case .double(let v): hasher.combine(v)
        case .string(let v): hasher.combine(v)
        case .timestamp(let v): hasher.combine(v)
        case .list(let v): hasher.combine(v)
        case .map(let v):
            for (key, value) in v {
                hasher.combine(key)
                hasher.combine(value)
            }
        }
    }

    /// The value as text, for scalars; what a template or `param` prints.
    public var text: String? {
        switch self {
        case .string(let s), .timestamp(let s): s
        case .int(let i): String(i)
        case .double(let d): d == d.rounded() && abs(d) < 1e15 ? String(Int(d)) : String(d)
        case .bool(let b): b ? "true" : "false"
        case .null, .list, .map: nil
        }
    }

    /// Looks a key up in a mapping, ignoring case as Hugo does for params.
    public func value(forKey key: String) -> DataValue? {
        guard case .map(let pairs) = self else { return nil }
        if let exact = pairs.first(where: { $0.key == key }) { return exact.value }
        let lowered = key.lowercased()
        return pairs.first { $0.key.lowercased() == lowered }?.value
    }

    /// The name of the type, as messages show it.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .int: "integer"
        case .double: "number"
        case .string: "string"
        case .timestamp: "date"
        case .list: "list"
        case .map: "mapping"
        }
    }
}

extension DataValue {
    /// Converts a composed YAML node, resolving scalars by their tag (so `"10"` stays a string
    /// and `10` is an integer).
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            switch Tag.Name(rawValue: scalar.tag.rawValue) {
            case .null: self = .null
            case .bool: self = node.bool.map(DataValue.bool) ?? .string(scalar.string)
            case .int: self = node.int.map(DataValue.int) ?? .string(scalar.string)
            case .float: self = node.float.map(DataValue.double) ?? .string(scalar.string)
            case .timestamp: self = .timestamp(scalar.string)
            default: self = .string(scalar.string)
            }
        case .sequence(let sequence):
            self = .list(sequence.map(DataValue.init(yaml:)))
        case .mapping(let mapping):
            self = .map(mapping.map { (key: $0.key.string ?? "\($0.key)", value: DataValue(yaml: $0.value)) })
        case .alias:
            self = .null
        }
    }
}
