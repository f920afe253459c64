import Foundation

/// Heading ids as Hugo's Goldmark makes them (`autoHeadingIDType: github`): trimmed, letters
/// and digits lower-cased, spaces and hyphens become `-`, everything else dropped; repeats on a
/// page get `-1`, `-2`. Lint checks `#anchors` with this very function.
public enum HeadingSlug {
    public static func slug(_ text: String) -> String {
        var text = text
        return text.withUTF8(asciiSlug) ?? scalarSlug(text)
    }

    /// `slug` over Unicode scalars: any text (and what the ASCII walk must match).
    static func scalarSlug(_ text: String) -> String {
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, scalars[start].properties.isWhitespace { start += 1 }
        while end > start, scalars[end - 1].properties.isWhitespace { end -= 1 }
        for scalar in scalars[start..<end] {
            if scalar == "-" || scalar == " " {
                result.append("-")
            } else if scalar.isASCII {
                switch scalar {
                case "A"..."Z": result.append(Unicode.Scalar(scalar.value + 32) ?? scalar)
                case "a"..."z", "0"..."9", "_": result.append(scalar)
                default: break
                }
            } else if isLetterOrDigit(scalar) {
                result.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(result)
    }

    /// `slug` of ASCII text over its bytes (nil for any other text): the scalar walk cost
    /// ~7,000 instructions a heading.
    private static func asciiSlug(_ bytes: UnsafeBufferPointer<UInt8>) -> String? {
        guard WordScan.isASCII(bytes) else { return nil }
        func isWhitespace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        var start = 0
        var end = bytes.count
        while start < end, isWhitespace(bytes[start]) { start += 1 }
        while end > start, isWhitespace(bytes[end - 1]) { end -= 1 }
        var slug: [UInt8] = []
        slug.reserveCapacity(end - start)
        for byte in bytes[start..<end] {
            switch byte {
            case UInt8(ascii: "-"), UInt8(ascii: " "): slug.append(UInt8(ascii: "-"))
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): slug.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"): slug.append(byte)
            default: break
            }
        }
        return String(decoding: slug, as: UTF8.self)
    }

    /// Go's `unicode.IsLetter || unicode.IsDigit`, which Hugo uses.
    private static func isLetterOrDigit(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber: return true
        default: return false
        }
    }

    /// Hands out unique ids within one page.
    public struct Allocator {
        private var used: [String: Int]
        /// Room for a page's usual headings at once: grown from empty, the table was made
        /// again at 2, 4 and 8 entries (~1,000 instructions a heading).
        public init() {
            used = Dictionary(minimumCapacity: 16)
        }

        /// The id for a heading, and whether its text repeated an earlier one.
        public mutating func allocate(_ base: String) -> (id: String, isRepeat: Bool) {
            let base = base.isEmpty ? "heading" : base
            guard let count = used[base] else {
                used[base] = 0
                return (base, false)
            }
            var next = count + 1
            while used["\(base)-\(next)"] != nil { next += 1 }
            used[base] = next
            used["\(base)-\(next)"] = 0
            return ("\(base)-\(next)", true)
        }
    }
}
