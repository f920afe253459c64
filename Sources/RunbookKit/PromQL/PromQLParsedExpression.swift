import Foundation

/// A rule's expression parsed once, when its rule file is read: the rule block, the search
/// document and lint's `rule-expr-invalid` all read this instead of parsing again per page.
public struct PromQLParsedExpression: Sendable, Hashable {
    /// The expression without its surrounding whitespace (a block scalar's final newline):
    /// what pages show and what `result` parsed.
    public let trimmed: String
    public let result: Result<PromQLExpr, PromQLError>
    /// Whether `trimmed` holds `#` comments (layout would drop them, so it is shown as written).
    public let hasComments: Bool
    /// The error of the expression exactly as written (offsets into it), for lint's location;
    /// nil when it parses.
    public let errorAsWritten: PromQLError?

    public init(_ expression: String) {
        let trimmed = expression.trimmingWhitespaceAndNewlines()
        let parsed = PromQLParser.parseCountingComments(trimmed)
        self.trimmed = trimmed
        self.result = parsed.result
        self.hasComments = parsed.hasComments
        // The lexer skips the same space, tab, CR and LF trimming removes, so a trimmed
        // expression that parses parses as written too. Anything else (an error, which may sit
        // at the end or in an unterminated string the trailing whitespace belongs to, or other
        // whitespace trimmed away) is parsed as written: rare, and exact.
        if trimmed.utf8.count == expression.utf8.count {
            errorAsWritten = parsed.result.failure
        } else if parsed.result.failure == nil, trimmed.utf8.count == Self.lexerTrimmedCount(expression) {
            errorAsWritten = nil
        } else {
            errorAsWritten = PromQLParser.parse(expression).failure
        }
    }

    /// Bytes left after dropping the leading and trailing whitespace the lexer skips; equal to
    /// the trimmed count when trimming removed nothing else (it removes a superset).
    private static func lexerTrimmedCount(_ expression: String) -> Int {
        let utf8 = expression.utf8
        func isLexerSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D }
        let leading = utf8.prefix { isLexerSpace($0) }.count
        guard leading < utf8.count else { return 0 }
        let trailing = utf8.reversed().prefix { isLexerSpace($0) }.count
        return utf8.count - leading - trailing
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
