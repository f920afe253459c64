import Foundation

/// Text handling shared by the search index and mirrored by the theme's script and
/// `bench/search-size.py`: how text becomes terms, and which shard file a term lives in.
enum SearchText {
    /// Terms shorter or longer than this are not indexed (a letter, a pasted hash).
    static let minTermLength = 2
    static let maxTermLength = 64

    /// Lower-cased runs of letters, digits, `_` and `:` — so a metric or recording-rule name
    /// (`node_filesystem_avail_bytes`, `job:up:sum`) and an alert name stay one term each.
    static func terms(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            let count = current.count
            if count >= minTermLength && count <= maxTermLength { result.append(current) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if isTermScalar(scalar) {
                // ASCII (nearly all of a runbook) without a String per character: that made
                // search text the largest cost of a build.
                if scalar.isASCII {
                    let byte = UInt8(scalar.value)
                    current.unicodeScalars.append(Unicode.Scalar(byte >= 65 && byte <= 90 ? byte + 32 : byte))
                } else {
                    current.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
                }
            } else if !current.isEmpty {
                flush()
            }
        }
        if !current.isEmpty { flush() }
        return result
    }

    static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ":": return true
        default: return scalar.value > 0x7F && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
        }
    }

    /// A term's characters as they appear in shard file names: `a-z`, `0-9`, anything else `_`.
    static func shardKey(_ term: String, length: Int) -> String {
        var key = ""
        for scalar in term.unicodeScalars.prefix(length) {
            switch scalar {
            case "a"..."z", "0"..."9": key.unicodeScalars.append(scalar)
            default: key += "_"
            }
        }
        return key
    }

    /// The visible text of rendered HTML: tags dropped (a space for each, so words do not run
    /// together), `<script>`/`<style>` content dropped, entities decoded, spaces collapsed.
    static func plainText(html: String) -> String {
        var out = ""
        out.reserveCapacity(html.utf8.count)
        var chars = Substring(html)
        while let lt = chars.firstIndex(where: { $0 == "<" || $0 == "&" }) {
            out += chars[..<lt]
            chars = chars[lt...]
            if chars.first == "&" {
                if let semi = chars.prefix(12).firstIndex(of: ";"), let decoded = entity(chars[chars.index(after: chars.startIndex)..<semi]) {
                    out += decoded
                    chars = chars[chars.index(after: semi)...]
                } else {
                    out += "&"
                    chars = chars.dropFirst()
                }
                continue
            }
            guard let gt = chars.firstIndex(of: ">") else { chars = chars.dropFirst(); continue }
            let tag = chars[chars.index(after: chars.startIndex)..<gt].lowercased()
            chars = chars[chars.index(after: gt)...]
            out += " "
            for skipped in ["script", "style"] where tag.hasPrefix(skipped) {
                if let end = chars.range(of: "</" + skipped, options: .caseInsensitive) {
                    chars = chars[end.upperBound...]
                    if let close = chars.firstIndex(of: ">") { chars = chars[chars.index(after: close)...] }
                } else {
                    chars = chars[chars.endIndex...]
                }
            }
        }
        out += chars
        return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
    }

    private static func entity(_ name: Substring) -> String? {
        switch name {
        case "amp": return "&"
        case "lt": return "<"
        case "gt": return ">"
        case "quot": return "\""
        case "apos", "#39": return "'"
        case "nbsp": return " "
        default:
            guard name.hasPrefix("#") else { return nil }
            let digits = name.dropFirst()
            let value = digits.hasPrefix("x") || digits.hasPrefix("X") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
            return value.flatMap(Unicode.Scalar.init).map { String(Character($0)) }
        }
    }
}
