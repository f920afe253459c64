/// Hugo's rules for turning file names into URL paths, so every URL the Hugo site published
/// (and every `runbook:` annotation pointing at one) keeps working.
public enum HugoPath {
    /// Hugo's `paths.Sanitize`: letters, digits, marks and `. / \ _ - # + ~ @` stay, `%XX` escapes
    /// stay, spaces (and runs of spaces and hyphens) become one `-`, anything else is dropped.
    /// `MysqlTooManyConnections(>80%)` → `MysqlTooManyConnections80`.
    public static func sanitize(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var result = String.UnicodeScalarView()
        var pendingHyphen = false
        for (index, scalar) in scalars.enumerated() {
            if isAllowed(scalar, at: index, in: scalars) {
                if pendingHyphen {
                    result.append("-")
                    pendingHyphen = false
                }
                result.append(scalar)
            } else if !result.isEmpty, scalar == " " || scalar.properties.isWhitespace {
                pendingHyphen = true
            }
        }
        return String(result)
    }

    /// A path segment as it appears in URLs: sanitised and lower-cased.
    public static func urlSegment(_ text: String) -> String { plainLowercased(text) ?? sanitize(text).lowercased() }

    /// Hugo's `urlize` for taxonomy terms: `Node Exporter` → `node-exporter`.
    public static func urlize(_ text: String) -> String { plainLowercased(text) ?? sanitize(text).lowercased() }

    /// Text made only of ASCII that `sanitize` keeps as it is (letters, digits, `._-/\#+~@`),
    /// lower-cased; nil for anything else. Nearly every file and folder name is such text, and
    /// the scalar walk cost 10,000 instructions a name (every page's URL is made of them).
    static func plainLowercased(_ text: String) -> String? {
        // Over the contiguous bytes: walking `utf8` byte by byte cost ~40 instructions a byte.
        var copy = text
        let hasUpper: Bool? = copy.withUTF8 { bytes in
            var hasUpper = false
            for byte in bytes {
                switch byte {
                case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "/"),
                     UInt8(ascii: "\\"), UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "#"), UInt8(ascii: "+"), UInt8(ascii: "~"),
                     UInt8(ascii: "@"):
                    continue
                case UInt8(ascii: "A")...UInt8(ascii: "Z"): hasUpper = true
                default: return nil
                }
            }
            return hasUpper
        }
        guard let hasUpper else { return nil }
        guard hasUpper else { return text }
        return String(decoding: text.utf8.map { $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") ? $0 + 32 : $0 }, as: UTF8.self)
    }

    private static func isAllowed(_ scalar: Unicode.Scalar, at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        if scalar == " " { return false }
        if scalar.isASCII {
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", ".", "/", "\\", "_", "-", "#", "+", "~", "@": return true
            case "%": return index + 2 < scalars.count && isHex(scalars[index + 1]) && isHex(scalars[index + 2])
            default: return false
            }
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
             .nonspacingMark, .spacingMark, .enclosingMark:
            return true
        default:
            return false
        }
    }

    private static func isHex(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "0"..."9", "a"..."f", "A"..."F": true
        default: false
        }
    }
}
