/// Makes user data safe to print inside a diagnostic. A message or path that carries a
/// newline could otherwise print a line of its own, which CI systems read as a command
/// (`::error::`, `::add-mask::`), and an escape sequence could rewrite the terminal. Every
/// `Diagnostic` passes its message through here, so every report format gets it; new formats
/// need only their own quoting on top (see `GitHubReport.escapeData`).
public enum DiagnosticText {
    /// C0 controls except tab, DEL, C1 controls (NEL included), U+2028/U+2029 and the
    /// bidirectional controls (which can make text read differently than it is) become
    /// visible escapes: `\n`, `\r`, `\u{1B}`.
    public static func escaped(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                result.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            }
        }
        return result
    }

    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x2028, 0x2029: true
        case 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
