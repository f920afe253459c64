import Foundation
import PropertyBased
import Testing
@testable import RunbookKit

/// JSON strings are written over bytes, eight at a time past text with nothing to escape; they
/// must say what a walk over the scalars says, wherever the escapes fall.
@Suite struct JSONStringTests {
    static let pieces = ["a", "plain run of text", "\"", "\\", "<", ">", "\n", "\r", "\t", "\u{01}", "\u{1F}", "\u{7F}", " ",
                         "é", "😀", "\u{2028}", "eight!!!"]

    @Test func bytesMatchTheScalarWalk() async {
        let text = Gen<String?>.element(of: Self.pieces).array(of: 0...16).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: text) { text in
            var written: [UInt8] = []
            appendJSONString(text, to: &written)
            #expect(String(decoding: written, as: UTF8.self) == Self.byScalars(text), "\(Array(text.unicodeScalars))")
            #expect(jsonString(text) == Self.byScalars(text))
            // Valid JSON that reads back as the text.
            let decoded = try? JSONDecoder().decode(String.self, from: Data(written))
            #expect(decoded == text)
        }
    }

    @Test func suffixGoesInsideTheQuotes() {
        var written: [UInt8] = []
        "cut <here>".utf8.withContiguousStorageIfAvailable { appendJSONString($0, then: "…", to: &written) }
        #expect(String(decoding: written, as: UTF8.self) == "\"cut \\u003chere>…\"")
    }

    static func byScalars(_ text: String) -> String {
        "\"" + replacingScalars(text) { scalar in
            switch scalar {
            case "\"": "\\\""
            case "\\": "\\\\"
            case "\n": "\\n"
            case "\r": "\\r"
            case "\t": "\\t"
            case "<": "\\u003c"
            default: scalar.value < 0x20 ? "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16) : nil
            }
        } + "\""
    }
}

/// A reference escaper for the byte walks' tests: each scalar as `replacement` spells it, or
/// itself when it gives nil.
func replacingScalars(_ text: String, _ replacement: (Unicode.Scalar) -> String?) -> String {
    var result = ""
    for scalar in text.unicodeScalars {
        if let replaced = replacement(scalar) { result += replaced } else { result.unicodeScalars.append(scalar) }
    }
    return result
}
