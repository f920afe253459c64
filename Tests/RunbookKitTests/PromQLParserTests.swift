import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

@Suite struct PromQLParserTests {
    /// Valid expressions and their normalised single-line form (which shows how they parsed).
    static let valid: [(String, String)] = [
        ("up", "up"),
        ("up{}", "up{}"),
        ("http_requests_total{job=\"api\", code!=\"200\", path=~\"/v1/.*\", method!~'GET|HEAD',}",
         "http_requests_total{job=\"api\", code!=\"200\", path=~\"/v1/.*\", method!~'GET|HEAD'}"),
        ("{__name__=\"up\"}", "{__name__=\"up\"}"),
        ("{__name__=~\"pg_.*\"} != on (__name__) {a=~\"(x|y)?z\", b!~\".*\"}", "{__name__=~\"pg_.*\"} != on (__name__) {a=~\"(x|y)?z\", b!~\".*\"}"),
        ("{\"my.metric\", \"a.b\"=\"c\"}", "{\"my.metric\", \"a.b\"=\"c\"}"),
        ("job:http_errors:rate5m > 0.05", "job:http_errors:rate5m > 0.05"),
        ("rate(x[5m])", "rate(x[5m])"),
        ("rate(x[1h30m] offset -5m)", "rate(x[1h30m] offset -5m)"),
        ("x offset 1d @ 1609746000", "x @ 1609746000 offset 1d"),
        ("x @ start()", "x @ start()"),
        ("x @ end() offset 1w", "x @ end() offset 1w"),
        ("max_over_time(deriv(rate(x[1m])[5m:1m])[1h:])", "max_over_time(deriv(rate(x[1m])[5m:1m])[1h:])"),
        ("sum by (job, instance) (rate(x[5m]))", "sum by (job, instance) (rate(x[5m]))"),
        ("sum(rate(x[5m])) without (cpu)", "sum without (cpu) (rate(x[5m]))"),
        ("SUM BY (job) (x)", "sum by (job) (x)"),
        ("topk(3, x)", "topk(3, x)"),
        ("count_values(\"version\", build_info)", "count_values(\"version\", build_info)"),
        ("quantile by () (0.9, x)", "quantile by () (0.9, x)"),
        ("a + b * c", "a + b * c"),
        ("2 ^ 3 ^ 2", "2 ^ 3 ^ 2"),
        ("-a ^ b", "-a ^ b"),
        ("a / on (instance) group_left (nodename) b", "a / on (instance) group_left (nodename) b"),
        ("a * ignoring (le) group_right b", "a * ignoring (le) group_right () b"),
        ("a > bool 0", "a > bool 0"),
        ("1 < bool 2", "1 < bool 2"),
        ("a and on (x) b or c unless d", "a and on (x) b or c unless d"),
        ("a atan2 b", "a atan2 b"),
        ("0x1F + Inf - NaN + .5e-3", "0x1F + Inf - NaN + .5e-3"),
        ("label_replace(up, \"a\", \"$1\", \"b\", `(.*):\\d+`)", "label_replace(up, \"a\", \"$1\", \"b\", `(.*):\\d+`)"),
        ("x{a=\"\\\"q\\\" \\u00e9 \\x41 \\101\"}", "x{a=\"\\\"q\\\" \\u00e9 \\x41 \\101\"}"),
        ("# a comment\nsum(x) # trailing\n", "sum(x)"),
        ("time() - x", "time() - x"),
        ("hour()", "hour()"),
        ("absent(x) or vector(1)", "absent(x) or vector(1)"),
        ("histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))", "histogram_quantile(0.99, sum by (le) (rate(h_bucket[5m])))"),
        ("((x))", "((x))"),
        ("\"a string\"", "\"a string\""),
    ].filter { !$0.1.isEmpty }

    @Test func parsesValidExpressions() throws {
        for (source, expected) in Self.valid {
            switch PromQLParser.parse(source) {
            case .success(let tree): #expect(PromQLFormatter.singleLine(tree) == expected, "\(source)")
            case .failure(let error): Issue.record("\(source): \(error)")
            }
        }
    }

    @Test func precedenceAndAssociativity() throws {
        // `a + b * c`: the multiplication is the right operand of `+`.
        guard case .success(.binary(let plus)) = PromQLParser.parse("a + b * c") else { Issue.record("no tree"); return }
        #expect(plus.op == "+")
        guard case .binary(let times) = plus.right else { Issue.record("right is not binary"); return }
        #expect(times.op == "*")
        // `2 ^ 3 ^ 2` is right-associative.
        guard case .success(.binary(let power)) = PromQLParser.parse("2 ^ 3 ^ 2"), case .binary = power.right else {
            Issue.record("^ is not right-associative"); return
        }
        // `a - b - c` is left-associative.
        guard case .success(.binary(let minus)) = PromQLParser.parse("a - b - c"), case .binary = minus.left else {
            Issue.record("- is not left-associative"); return
        }
        // `-a ^ b` is `-(a ^ b)`.
        guard case .success(.unary(_, .binary(let inner))) = PromQLParser.parse("-a ^ b") else { Issue.record("unary"); return }
        #expect(inner.op == "^")
        // `a or b and c`: `and` binds tighter than `or`.
        guard case .success(.binary(let or)) = PromQLParser.parse("a or b and c") else { Issue.record("or"); return }
        #expect(or.op == "or")
        // Comparisons bind looser than arithmetic.
        guard case .success(.binary(let greater)) = PromQLParser.parse("a + b > c - d") else { Issue.record("cmp"); return }
        #expect(greater.op == ">")
    }

    /// Invalid expressions, the error message's start and its exact line:column.
    static let invalid: [(String, String, Int, Int)] = [
        ("", "no expression found", 1, 1),
        ("rate(x[5m]", "unexpected end of input", 1, 11),
        ("sum(x) by (", "unexpected end of input", 1, 12),
        ("x{job=\"a\"", "unexpected end of input", 1, 10),
        ("x{job=a}", "unexpected identifier \"a\" in label matching, expected string", 1, 7),
        ("x{job~\"a\"}", "unexpected character '~'", 1, 6),
        ("rate(x)", "expected type range vector in call to function \"rate\", got instant vector", 1, 6),
        ("foo(x)", "unknown function with name \"foo\"", 1, 1),
        ("abs(x,\n  y)", "expected 1 argument(s) in call to \"abs\", got 2", 2, 3),
        ("1 > 2", "comparisons between scalars must use bool modifier", 1, 3),
        ("1 and x", "set operator \"and\" not allowed in binary scalar expression", 1, 3),
        ("a + bool b", "bool modifier can only be used on comparison operators", 1, 5),
        ("a and on (x) group_left b", "no grouping allowed for \"and\" operation", 1, 14),
        ("(a + b)[5m]", "ranges only allowed for vector selectors", 1, 8),
        ("sum(x) offset 5m", "offset modifier must be preceded by", 1, 8),
        ("x offset 5m offset 1m", "offset may not be set multiple times", 1, 13),
        ("{job=\"\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{job=~\"a|.*\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("{job!~\"a+\"}", "vector selector must contain at least one non-empty matcher", 1, 1),
        ("x{__name__=\"y\"}", "metric name must not be set twice", 1, 3),
        ("topk(x)", "wrong number of arguments for aggregate expression provided, expected 2, got 1", 1, 5),
        ("sum by (a) (x) by (b)", "aggregation can have only one grouping clause", 1, 16),
        ("x[5x]", "bad number or duration syntax", 1, 3),
        ("\"abc", "unterminated quoted string", 1, 1),
        ("\"a\\qb\"", "unknown escape sequence 'q'", 1, 3),
        ("a +\n\n  )", "unexpected \")\"", 3, 3),
        ("x{a=\"é\"} é", "unexpected character 'é'", 1, 10),
        ("by", "unexpected keyword \"by\"", 1, 1),
        ("a b", "unexpected identifier \"b\"", 1, 3),
        ("x @ foo", "unexpected identifier \"foo\" in @", 1, 5),
    ]

    @Test func reportsErrorsAtTheirPosition() {
        for (source, message, line, column) in Self.invalid {
            switch PromQLParser.parse(source) {
            case .success: Issue.record("parsed: \(source)")
            case .failure(let error):
                #expect(error.message.hasPrefix(message), "\(source): \(error.message)")
                let position = error.position(in: source)
                #expect(position.line == line && position.column == column, "\(source): \(position) \(error.message)")
            }
        }
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let deep = String(repeating: "(", count: 100_000) + "x" + String(repeating: ")", count: 100_000)
        guard case .failure(let error) = PromQLParser.parse(deep) else { Issue.record("parsed"); return }
        #expect(error.message.hasPrefix("expression nests too deeply"))
        let unary = String(repeating: "-", count: 50_000) + "1"
        guard case .failure = PromQLParser.parse(unary) else { Issue.record("parsed"); return }
        let calls = String(repeating: "abs(", count: 10_000) + "x"
        guard case .failure = PromQLParser.parse(calls) else { Issue.record("parsed"); return }
        // A long chain deepens the tree without nesting parentheses.
        let chain = String(repeating: "a + ", count: 100_000) + "a"
        guard case .failure(let chainError) = PromQLParser.parse(chain) else { Issue.record("parsed"); return }
        #expect(chainError.message.hasPrefix("expression nests too deeply"))
        #expect(PromQLParser.parse(String(repeating: "a + ", count: 50) + "a").isSuccess)
        let regex = "{a=~\"" + String(repeating: "(", count: 100_000) + "\"}"
        _ = PromQLParser.parse(regex)
    }

    /// Random bytes and truncated expressions: always a tree or an error, never a crash or hang.
    @Test func arbitraryInputNeverCrashes() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abc_:019.xe+-*/%^=!~<>(){}[],@`'\"\\#\n offsetbyonsumrate5m".utf8)
        for _ in 0..<3000 {
            let length = Int.random(in: 0..<40, using: &generator)
            let bytes = (0..<length).map { _ in alphabet.randomElement(using: &generator) ?? 0x20 }
            _ = PromQLParser.parse(String(decoding: bytes, as: UTF8.self))
        }
        let sample = "sum by (job) (rate(x{a=~\"b|c\"}[5m] offset 1h)) / on (job) group_left (v) y @ end() > bool 0.5"
        for end in sample.indices { _ = PromQLParser.parse(String(sample[..<end])) }
    }

    @Test func collectsMetricNames() throws {
        let tree = try PromQLParser.parse("sum(rate(a_total[5m])) / b + on () c / a_total + {__name__=\"e\"}").get()
        #expect(tree.metricNames == ["a_total", "b", "c", "e"])
    }

    /// Every `expr:` of every corpus rule file parses.
    @Test func parsesEveryCorpusExpression() throws {
        guard Corpus.isAvailable else { return }
        let rules = Corpus.path + "/rules"
        let files = FileManager.default.enumerator(atPath: rules)?.compactMap { $0 as? String }
            .filter { $0.hasSuffix(".yml") || $0.hasSuffix(".yaml") }.sorted() ?? []
        #expect(files.count >= 81)
        var count = 0
        var failures: [String] = []
        for file in files {
            let text = try String(contentsOfFile: rules + "/" + file, encoding: .utf8)
            let parsed = RuleFileParser.parse(text: text, file: file, sourcePath: "rules/" + file)
            for rule in parsed.rules {
                guard let expr = rule.expr else { continue }
                count += 1
                if case .failure(let error) = PromQLParser.parse(expr) { failures.append("\(file) \(rule.name): \(error)") }
            }
        }
        #expect(count > 500)
        #expect(failures.isEmpty, "\(failures.prefix(10).joined(separator: "\n"))")
    }
}

extension Result {
    var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }
}
