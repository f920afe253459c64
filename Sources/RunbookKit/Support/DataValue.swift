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
    /// Converts a composed YAML node. Nodes come from `composeYAML`, which leaves every scalar
    /// untyped; plain (unquoted) scalars are typed here by YAML 1.1's rules, so `"10"` stays a
    /// string and `10` is an integer.
    init(yaml node: Node) {
        switch node {
        case .scalar(let scalar):
            self = scalar.style == .plain ? PlainScalar.resolve(scalar.string) : .string(scalar.string)
        case .sequence(let sequence):
            self = .list(sequence.map(DataValue.init(yaml:)))
        case .mapping(let mapping):
            self = .map(mapping.map { (key: $0.key.string ?? "\($0.key)", value: DataValue(yaml: $0.value)) })
        case .alias:
            self = .null
        }
    }
}

/// YAML 1.1 typing of plain scalars (null, booleans, integers, floats, timestamps), written
/// out by hand: Yams resolves tags with a regular expression per scalar, which was a tenth of
/// a corpus build.
enum PlainScalar {
    static func resolve(_ text: String) -> DataValue {
        guard let first = text.utf8.first else { return .null }
        switch first {
        case UInt8(ascii: "~") where text == "~": return .null
        case UInt8(ascii: "n"), UInt8(ascii: "N"):
            if text == "null" || text == "Null" || text == "NULL" { return .null }
            if text == "no" || text == "No" || text == "NO" { return .bool(false) }
        case UInt8(ascii: "y"), UInt8(ascii: "Y"):
            if text == "yes" || text == "Yes" || text == "YES" { return .bool(true) }
        case UInt8(ascii: "t"), UInt8(ascii: "T"):
            if text == "true" || text == "True" || text == "TRUE" { return .bool(true) }
        case UInt8(ascii: "f"), UInt8(ascii: "F"):
            if text == "false" || text == "False" || text == "FALSE" { return .bool(false) }
        case UInt8(ascii: "o"), UInt8(ascii: "O"):
            if text == "on" || text == "On" || text == "ON" { return .bool(true) }
            if text == "off" || text == "Off" || text == "OFF" { return .bool(false) }
        case UInt8(ascii: "."):
            if [".inf", ".Inf", ".INF"].contains(text) { return .double(.infinity) }
            if [".nan", ".NaN", ".NAN"].contains(text) { return .double(.nan) }
        default:
            break
        }
        guard first == UInt8(ascii: "-") || first == UInt8(ascii: "+") || first == UInt8(ascii: ".")
                || (first >= UInt8(ascii: "0") && first <= UInt8(ascii: "9")) else { return .string(text) }
        if let number = integer(text) { return .int(number) }
        if isFloat(text), let number = Double(text.replacingOccurrences(of: "_", with: "")) { return .double(number) }
        if text.utf8.count >= 10, Timestamp.parse(text) != nil { return .timestamp(text) }
        return .string(text)
    }

    /// `[-+]?(0|[1-9][0-9_]*)`, `0x…`, `0b…`, `0o…`/`0…` (octal).
    private static func integer(_ text: String) -> Int? {
        // Dates and times (`2023-05-10`, `12:00`) fail here, without the Character walks below
        // (every page's front matter has two): a byte `Int(_:radix:)` never reads, or a sign
        // after a digit of the number (past its sign and a leading `0`), cannot parse.
        let utf8 = text.utf8
        var index = utf8.startIndex
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "-") || utf8[index] == UInt8(ascii: "+") { index = utf8.index(after: index) }
        if index < utf8.endIndex, utf8[index] == UInt8(ascii: "0") { index = utf8.index(after: index) }
        var sawDigit = false
        for byte in utf8[index...] {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"): continue
            case UInt8(ascii: "-"), UInt8(ascii: "+"): if sawDigit { return nil }
            default: return nil
            }
        }
        var body = Substring(text)
        var negative = false
        if body.first == "-" || body.first == "+" {
            negative = body.first == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty else { return nil }
        var radix = 10
        if body.hasPrefix("0x") { radix = 16; body = body.dropFirst(2) }
        else if body.hasPrefix("0b") { radix = 2; body = body.dropFirst(2) }
        else if body.hasPrefix("0o") { radix = 8; body = body.dropFirst(2) }
        else if body.count > 1 && body.hasPrefix("0") { radix = 8; body = body.dropFirst() }
        let digits = body.filter { $0 != "_" }
        guard !digits.isEmpty, let value = Int(digits, radix: radix) else { return nil }
        return negative ? -value : value
    }

    /// `[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?` or `[-+]?\.[0-9_]+…`.
    private static func isFloat(_ text: String) -> Bool {
        var sawDigit = false
        var sawDot = false
        var sawExponent = false
        var previous: UInt8 = 0
        for (index, byte) in text.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "_") where sawDigit && !sawExponent: break
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                guard index == 0 || previous == UInt8(ascii: "e") || previous == UInt8(ascii: "E") else { return false }
            case UInt8(ascii: "."):
                guard !sawDot, !sawExponent else { return false }
                sawDot = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"):
                guard sawDigit, !sawExponent else { return false }
                sawExponent = true
            default:
                return false
            }
            previous = byte
        }
        return sawDigit && (sawDot || sawExponent)
    }
}
