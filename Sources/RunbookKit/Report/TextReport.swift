/// Diagnostics as compilers print them, `path:line:col: severity: message [code]`, grouped by
/// file in report order; coloured only when the caller says the output is a terminal.
public enum TextReport {
    public static func lines(_ diagnostics: [Diagnostic], colour: Bool) -> [String] {
        diagnostics.map { line($0, colour: colour) }
    }

    public static func line(_ diagnostic: Diagnostic, colour: Bool) -> String {
        guard colour else { return diagnostic.description }
        let place = diagnostic.location.map { "\u{1B}[1m\($0):\u{1B}[0m " } ?? ""
        let tint: String
        switch diagnostic.severity {
        case .error: tint = "\u{1B}[1;31m"
        case .warning: tint = "\u{1B}[1;33m"
        case .info: tint = "\u{1B}[1;36m"
        }
        return "\(place)\(tint)\(diagnostic.severity.rawValue):\u{1B}[0m \(diagnostic.message) \u{1B}[2m[\(diagnostic.code.rawValue)]\u{1B}[0m"
    }

    /// `1,109 pages, 581 rules resolved, 9 errors, 6 warnings in 180 ms`
    public static func summary(pages: Int, rules: Int, errors: Int, warnings: Int, infos: Int = 0, milliseconds: Int) -> String {
        var parts = ["\(grouped(pages)) \(pages == 1 ? "page" : "pages")",
                     "\(grouped(rules)) \(rules == 1 ? "rule" : "rules") resolved",
                     "\(grouped(errors)) \(errors == 1 ? "error" : "errors")",
                     "\(grouped(warnings)) \(warnings == 1 ? "warning" : "warnings")"]
        if infos > 0 { parts.append("\(grouped(infos)) info") }
        return parts.joined(separator: ", ") + " in \(grouped(milliseconds)) ms"
    }
}

/// `1109` → `1,109`.
public func grouped(_ number: Int) -> String {
    let digits = String(abs(number))
    var result = ""
    for (offset, character) in digits.enumerated() {
        if offset > 0, (digits.count - offset) % 3 == 0 { result.append(",") }
        result.append(character)
    }
    return number < 0 ? "-" + result : result
}
