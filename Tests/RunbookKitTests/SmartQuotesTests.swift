import PropertyBased
import Testing
@testable import RunbookKit

/// Curling walks UTF-8 bytes and decodes only the scalars around a quote; it must print what
/// the walk over scalars it replaced printed.
@Suite struct SmartQuotesTests {
    static let pieces = ["\"", "'", ".", "...", "..", " ", "\u{A0}", "\u{2003}", "(", "[", "-", "\u{2014}", "/", "a", "Z9",
                         "é", "\u{301}", "😀", "٣", "word", "\n", "’", "x\u{FE0F}",
                         // Longer than a word, for the search that takes eight bytes a step.
                         "plain text without quotes", "sixteen.bytes.ok"]
    static let initials: [Unicode.Scalar?] = [nil, " ", "a", "(", "\u{2014}", "7", "é"]

    @Test func bytesMatchTheScalarWalk() async {
        let generator = Gen<String?>.element(of: Self.pieces).array(of: 0...12).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: generator) { text in
            for initial in Self.initials {
                #expect(SmartQuotes.curl(text, after: initial) == Self.curlByScalars(text, after: initial),
                        "\(Array(text.unicodeScalars)) after \(String(describing: initial))")
            }
        }
    }

    @Test func examples() {
        #expect(SmartQuotes.curl("don't \"stop\"... ('x')", after: nil) == "don\u{2019}t \u{201C}stop\u{201D}\u{2026} (\u{2018}x\u{2019})")
        #expect(SmartQuotes.curledIfChanged("no quotes here", after: nil) == nil)
    }

    /// `SmartQuotes.curl` as it was written over scalars.
    static func curlByScalars(_ text: String, after initial: Unicode.Scalar?) -> String {
        func opens(after previous: Unicode.Scalar?, before next: Unicode.Scalar?) -> Bool {
            if let next, next.properties.isWhitespace { return false }
            guard let previous else { return next != nil }
            return previous.properties.isWhitespace || "([{-\u{2014}\u{2013}/".unicodeScalars.contains(previous)
        }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var previous = initial
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            let next: Unicode.Scalar? = index + 1 < scalars.count ? scalars[index + 1] : nil
            switch scalar {
            case "\"":
                result.append(opens(after: previous, before: next) ? "\u{201C}" : "\u{201D}")
            case "'":
                if let previous, previous.properties.isAlphabetic || previous.properties.numericType != nil {
                    result.append("\u{2019}")
                } else {
                    result.append(opens(after: previous, before: next) ? "\u{2018}" : "\u{2019}")
                }
            case "." where index + 2 < scalars.count && scalars[index + 1] == "." && scalars[index + 2] == ".":
                result.append("\u{2026}")
                index += 2
            default:
                result.append(scalar)
            }
            previous = scalars[index]
            index += 1
        }
        return String(result)
    }
}
