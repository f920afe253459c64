import Foundation
import Testing
@testable import RunbookKit

/// A rule's expression is parsed once, trimmed, when its file is read; lint still needs the
/// error of the expression as written (its offsets find the line and column in the file).
@Suite struct PromQLParsedExpressionTests {
    /// Trailing whitespace can belong to an unterminated string or follow a trailing escape,
    /// and trimming drops more than the lexer skips (NBSP, U+2028): the error as written is
    /// the as-written parser's, message and offset alike.
    @Test(arguments: [
        "up == 0\n", "  up\n  == 0\n", "rate(x)\n", "sum(\n", "  \n", "",
        "up{job=\"a\n", "up{job=\"a\\\n", "up{job=`a  \n", "\u{00A0}up == 0", "up == 0\u{2028}",
        "up # comment  \n", "up\r\n", "\tup\t", "1 +\n\n", "up{job=\"a\"}  # why\n  == 0\n",
    ])
    func errorAsWrittenIsTheUntrimmedParsersError(expression: String) {
        let parsed = PromQLParsedExpression(expression)
        #expect(parsed.errorAsWritten == PromQLParser.parse(expression).failure)
        #expect(parsed.result == PromQLParser.parse(parsed.trimmed))
    }

    @Test func ruleBlockShowsTheSameAsParsingTheTextAgain() {
        let expression = "up{job=\"a\"}  # why\n  == 0\n"
        let parsed = PromQLParsedExpression(expression)
        #expect(parsed.hasComments)
        #expect(parsed.trimmed == "up{job=\"a\"}  # why\n  == 0")
        let shown = PromQLPresentation(parsed: parsed)
        #expect(shown.text == parsed.trimmed)
        #expect(shown.metrics == ["up"])
        let laidOut = PromQLPresentation(parsed: PromQLParsedExpression("sum by(job)(rate(x[5m]))  >  0\n"))
        #expect(laidOut.text == "sum by (job) (rate(x[5m])) > 0")
        #expect(laidOut.error == nil)
    }

    /// Rule files carry the parse on each rule.
    @Test func ruleFileParserParsesEachExpression() {
        let text = """
            groups:
              - name: g
                rules:
                  - alert: Bad
                    expr: |
                      rate(x)
                  - record: good
                    expr: sum(up)
            """
        let file = RuleFileParser.parse(text: text, file: "a.yml", sourcePath: "rules/a.yml")
        #expect(file.rules.count == 2)
        #expect(file.rules[0].parsedExpr?.errorAsWritten == PromQLParser.parse("rate(x)\n").failure)
        #expect(file.rules[0].parsedExpr?.errorAsWritten != nil)
        #expect(file.rules[1].parsedExpr?.result == PromQLParser.parse("sum(up)"))
    }
}
