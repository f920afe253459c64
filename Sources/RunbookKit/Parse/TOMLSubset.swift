import Foundation

/// The part of TOML that front matter uses: `key = value` lines with strings, numbers,
/// booleans, dates and one-line arrays, and `[table]` headers (read as nested mappings).
enum TOMLSubset {
    struct Problem: Error {
        let message: String
        let line: Int
    }

    /// Top-level entries in order, each with its 1-based line.
    static func parse(_ text: Substring) throws(Problem) -> [(key: String, value: DataValue, line: Int)] {
        var top: [(key: String, value: DataValue, line: Int)] = []
        var table: (name: String, line: Int, pairs: [(key: String, value: DataValue)])?
        func closeTable() {
            if let open = table { top.append((open.name, .map(open.pairs), open.line)) }
            table = nil
        }
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(rawLine).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), !line.hasPrefix("[[") else {
                    throw Problem(message: "only simple [table] headers are supported", line: lineNumber)
                }
                closeTable()
                table = (String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces), lineNumber, [])
                continue
            }
            guard let equals = line.firstIndex(of: "=") else {
                throw Problem(message: "expected `key = value`", line: lineNumber)
            }
            var key = line[..<equals].trimmingCharacters(in: .whitespaces)
            if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
            guard !key.isEmpty else { throw Problem(message: "missing key before `=`", line: lineNumber) }
            guard let value = parseValue(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)) else {
                throw Problem(message: "cannot read the value of `\(key)`", line: lineNumber)
            }
            if table != nil { table?.pairs.append((key, value)) } else { top.append((key, value, lineNumber)) }
        }
        closeTable()
        return top
    }

    private static func stripComment(_ line: Substring) -> Substring {
        var inString: Character?
        for index in line.indices {
            let character = line[index]
            if let quote = inString {
                if character == quote { inString = nil }
            } else if character == "\"" || character == "'" {
                inString = character
            } else if character == "#" {
                return line[..<index]
            }
        }
        return line
    }

    private static func parseValue(_ text: String) -> DataValue? {
        if text.count >= 2, (text.hasPrefix("\"") && text.hasSuffix("\"")) || (text.hasPrefix("'") && text.hasSuffix("'")) {
            let inner = String(text.dropFirst().dropLast())
            return .string(text.hasPrefix("\"") ? unescape(inner) : inner)
        }
        if text == "true" { return .bool(true) }
        if text == "false" { return .bool(false) }
        if let int = Int(text.replacingOccurrences(of: "_", with: "")) { return .int(int) }
        if let double = Double(text) { return .double(double) }
        if Timestamp.parse(text) != nil { return .timestamp(text) }
        if text.hasPrefix("["), text.hasSuffix("]") {
            var items: [DataValue] = []
            for part in splitArray(String(text.dropFirst().dropLast())) {
                let item = part.trimmingCharacters(in: .whitespaces)
                if item.isEmpty { continue }
                guard let value = parseValue(item) else { return nil }
                items.append(value)
            }
            return .list(items)
        }
        return nil
    }

    private static func splitArray(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var inString: Character?
        for character in text {
            if let quote = inString {
                if character == quote { inString = nil }
            } else if character == "\"" || character == "'" {
                inString = character
            } else if character == "," {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }

    private static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                default: result.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        return result
    }
}
