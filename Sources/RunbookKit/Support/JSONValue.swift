/// A JSON document built in code, written with keys in the order given and two-space
/// indentation, so reports are byte-identical for identical findings. The one way the tool
/// writes JSON (reports, the link cache, live-reload events, tool links); JSON it reads back
/// goes through `Decodable`. Only the two hottest writers, the search index and `alerts.json`
/// (`AlertsJSON.appendEntry`, tested against this type's text), join `appendJSONString`
/// pieces themselves, with the same escaping.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        lhs.text(pretty: false) == rhs.text(pretty: false)
    }

    /// `nil` becomes `null`.
    public static func optional(_ value: Int?) -> JSONValue { value.map(JSONValue.int) ?? .null }
    public static func optional(_ value: String?) -> JSONValue { value.map(JSONValue.string) ?? .null }

    public func text(pretty: Bool = true) -> String {
        var output: [UInt8] = []
        write(into: &output, indent: pretty ? 0 : nil)
        return String(decoding: output, as: UTF8.self)
    }

    /// Written as UTF-8 bytes: String appends cost about 470 instructions each, and
    /// `alerts.json` makes a dozen per alert.
    private func write(into output: inout [UInt8], indent: Int?) {
        switch self {
        case .null: output.append(literal: "null")
        case .bool(let value): output.append(literal: value ? "true" : "false")
        case .int(let value): appendDecimal(value, to: &output)
        case .string(let value): appendJSONString(value, to: &output)
        case .array(let items):
            guard !items.isEmpty else {
                output.append(literal: "[]")
                return
            }
            output.append(UInt8(ascii: "["))
            for (offset, item) in items.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                item.write(into: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            guard !members.isEmpty else {
                output.append(literal: "{}")
                return
            }
            output.append(UInt8(ascii: "{"))
            for (offset, (key, value)) in members.enumerated() {
                if offset > 0 { output.append(UInt8(ascii: ",")) }
                Self.newline(&output, indent.map { $0 + 1 })
                appendJSONString(key, to: &output)
                output += (indent == nil ? ":" : ": ").utf8
                value.write(into: &output, indent: indent.map { $0 + 1 })
            }
            Self.newline(&output, indent)
            output.append(UInt8(ascii: "}"))
        }
    }

    private static func newline(_ output: inout [UInt8], _ indent: Int?) {
        guard let indent else { return }
        output.append(UInt8(ascii: "\n"))
        output += repeatElement(UInt8(ascii: " "), count: 2 * indent)
    }
}
