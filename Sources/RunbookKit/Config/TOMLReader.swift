import TOMLKit
import Yams

/// TOML as Hugo sites write it — `hugo.toml`, `config.toml`, `config/_default/*.toml` and `+++`
/// front matter — read with TOMLKit (toml++), the whole language: inline tables, arrays of
/// tables, multi-line strings, dates.
enum TOMLReader {
    struct Problem: Error {
        let message: String
        let line: Int
        let column: Int
    }

    /// Top-level keys in the order the text has them (TOMLKit sorts them), each with its 1-based
    /// line, for diagnostics that point at a key.
    static func entries(_ text: some StringProtocol) throws(Problem) -> [(key: String, value: DataValue, line: Int)] {
        if let problem = TOMLPreflight.problem(in: text) { throw problem }
        let table: TOMLTable
        do {
            table = try TOMLTable(string: String(text))
        } catch let error as TOMLParseError {
            throw Problem(message: error.description, line: error.source.begin.line, column: error.source.begin.column)
        } catch {
            throw Problem(message: "\(error)", line: 1, column: 1)
        }
        let lines = keyLines(text)
        let entries = table.keys.compactMap { key -> (key: String, value: DataValue, line: Int)? in
            guard let value = table[key]?.tomlValue else { return nil }
            return (key, dataValue(value), lines[key] ?? 1)
        }
        return entries.sorted { ($0.line, $0.key) < ($1.line, $1.key) }
    }

    static func dataValue(_ value: TOMLValue) -> DataValue {
        switch value.type {
        case .table:
            guard let table = value.table else { return .null }
            return .map(table.keys.compactMap { key in table[key].map { (key, dataValue($0.tomlValue)) } })
        case .array:
            guard let array = value.array else { return .list([]) }
            return .list(array.map { dataValue($0.tomlValue) })
        case .string: return .string(value.string ?? "")
        case .int: return value.int.map(DataValue.int) ?? .null
        case .double: return value.double.map(DataValue.double) ?? .null
        case .bool: return value.bool.map(DataValue.bool) ?? .null
        case .date: return value.date.map { .timestamp($0.debugDescription) } ?? .null
        case .time: return value.time.map { .string($0.debugDescription) } ?? .null
        case .dateTime: return value.dateTime.map { .timestamp($0.debugDescription) } ?? .null
        }
    }

    /// The same value as a YAML node, so the configuration reader serves both formats.
    /// Strings are quoted scalars: TOML has already typed them.
    static func node(_ value: DataValue) -> Node {
        switch value {
        case .null: return .scalar(.init("null"))
        case .bool(let flag): return .scalar(.init(flag ? "true" : "false"))
        case .int(let number): return .scalar(.init(String(number)))
        case .double(let number): return .scalar(.init(String(number)))
        case .string(let text): return .scalar(.init(text, .implicit, .doubleQuoted))
        case .timestamp(let text): return .scalar(.init(text))
        case .list(let items): return .sequence(.init(items.map(node)))
        case .map(let pairs): return .mapping(.init(pairs.map { (Node.scalar(.init($0.key)), node($0.value)) }))
        }
    }

    /// The line of each top-level key: `key = …` before the first table header, or the first
    /// `[key]`, `[key.sub]` or `[[key]]` header.
    static func keyLines(_ text: some StringProtocol) -> [String: Int] {
        var result: [String: Int] = [:]
        var inTable = false
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("[") {
                inTable = true
                let name = line.drop { $0 == "[" }.prefix { $0 != "]" && $0 != "." }
                let key = unquoted(name)
                if result[key] == nil { result[key] = index + 1 }
            } else if !inTable, let equals = line.firstIndex(of: "="), !line.hasPrefix("#") {
                let name = line[..<equals].prefix { $0 != "." }
                let key = unquoted(name)
                if !key.isEmpty, result[key] == nil { result[key] = index + 1 }
            }
        }
        return result
    }

    private static func unquoted(_ text: some StringProtocol) -> String {
        var key = Substring(text)
        while let first = key.first, first == " " || first == "\t" { key.removeFirst() }
        while let last = key.last, last == " " || last == "\t" { key.removeLast() }
        if key.count >= 2, let first = key.first, first == "\"" || first == "'", key.last == first { key = key.dropFirst().dropLast() }
        return String(key)
    }
}
