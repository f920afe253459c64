/// One problem found in a site: collected as a value by every stage, never thrown, so that a
/// single run reports every problem at once.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public var severity: Severity
    public var code: DiagnosticCode
    public var message: String
    public var location: SourceLocation?
    /// A fix that is certain (a did-you-mean with one answer), for reports that can offer it.
    public var fix: DiagnosticFix?

    /// A diagnostic at the severity its code has by default; `SeverityPolicy` may change it later.
    public init(_ code: DiagnosticCode, _ message: String, at location: SourceLocation?) {
        self.severity = code.defaultSeverity
        self.code = code
        self.message = DiagnosticText.escaped(message)
        self.location = location
    }

    /// `path:line:col: severity: message [code]`, the form compilers and editors understand.
    public var description: String {
        let place = location.map { "\($0): " } ?? ""
        return "\(place)\(severity.rawValue): \(message) [\(code.rawValue)]"
    }
}

extension Diagnostic {
    /// Sorts by file, position, then code, so output does not depend on thread scheduling.
    public static func reportOrder(_ lhs: Diagnostic, _ rhs: Diagnostic) -> Bool {
        switch (lhs.location, rhs.location) {
        case (nil, .some): return true
        case (.some, nil): return false
        case let (l?, r?) where l != r: return l < r
        default:
            if lhs.code != rhs.code { return lhs.code.rawValue < rhs.code.rawValue }
            return lhs.message < rhs.message
        }
    }
}

/// Lets stages return `Result<T, Diagnostic>`.
extension Diagnostic: Error {}
