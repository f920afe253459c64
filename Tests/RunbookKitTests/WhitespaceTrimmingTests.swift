import Foundation
import Testing
@testable import RunbookKit

/// The scalar trim replaced Foundation's on hot paths (headings, table cells, URLs); it must
/// trim exactly what `CharacterSet.whitespaces` names, no more and no less.
@Suite struct WhitespaceTrimmingTests {
    @Test(arguments: [
        "", " ", "\t", "plain", "  both  ", "\tlead", "trail\t", "in side",
        "\u{00A0}nbsp\u{00A0}", "\u{3000}ideographic\u{3000}", "\u{2009}thin", "\u{200B}zero width\u{200B}",
        "\nnewline\n", "\r\ncrlf", "e\u{301} ", " \u{301}", "\u{2028}line", "😀 ", " \u{FEFF}",
    ])
    func matchesFoundation(text: String) {
        #expect(text.trimmingHorizontalWhitespace() == text.trimmingCharacters(in: .whitespaces))
        let sliced = ("[" + text + "]").dropFirst().dropLast()
        #expect(sliced.trimmingHorizontalWhitespace() == sliced.trimmingCharacters(in: .whitespaces))
    }

    /// The byte trim of white space and line breaks (rule expressions, rule placeholders in
    /// HTML) gives what Foundation's trim gives.
    @Test(arguments: ["up\n", "  up == 0 \n\n", "", " \t\n", "\u{A0}up\u{A0}", "up\u{2028}", "\u{301}up", "up\u{301}",
                      "\u{85}up", "x", " é ", "\r\nup\r\n", "\u{0B}up\u{0C}", "sum(up)\u{3000}"])
    func newlinesTooMatchFoundation(expression: String) {
        #expect(expression.trimmingWhitespaceAndNewlines() == expression.trimmingCharacters(in: .whitespacesAndNewlines))
        #expect(Array(expression.trimmingWhitespaceAndNewlines().utf8) == Array(expression.trimmingCharacters(in: .whitespacesAndNewlines).utf8))
    }

    /// Every scalar up to U+3100 (all of category Zs lies there) and the BOM, on either side of
    /// a word, against Foundation.
    @Test func everyScalarAgreesWithFoundation() {
        var disagreements: [UInt32] = []
        for value in Array(UInt32(0)...0x3100) + [0xFEFF, 0x1F600] {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(Character(scalar))x\(Character(scalar))"
            if text.trimmingHorizontalWhitespace() != text.trimmingCharacters(in: .whitespaces) { disagreements.append(value) }
            if disagreements.count > 10 { break }
        }
        #expect(disagreements.isEmpty)
    }
}
