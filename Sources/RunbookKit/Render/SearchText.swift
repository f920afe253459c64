import Foundation

/// Text handling shared by the search index and mirrored by the theme's script and
/// `bench/search-size.py`: how text becomes terms, and which shard file a term lives in.
///
/// Both functions below run over every page's text in every build, so they walk UTF-8 bytes:
/// the walks over `Character`s they replace were half of all instructions of a cold build.
/// Where bytes and `Character`s could disagree (a combining mark after `<`, `&`, `;`, `>` or
/// white space, which joins it into one `Character`), the `Character` walk still decides.
enum SearchText {
    /// Terms shorter or longer than this are not indexed (a letter, a pasted hash).
    static let minTermLength = 2
    static let maxTermLength = 64

    /// Lower-cased runs of letters, digits, `_` and `:` — so a metric or recording-rule name
    /// (`node_filesystem_avail_bytes`, `job:up:sum`) and an alert name stay one term each.
    static func terms(_ text: String) -> [String] {
        var result: [String] = []
        forEachTerm(text) { result.append($0) }
        return result
    }

    /// `terms`, handed over one by one (no array).
    static func forEachTerm(_ text: String, _ visit: (String) -> Void) {
        forEachTermBytes(text) { visit(String(decoding: $0, as: UTF8.self)) }
    }

    /// `terms` as their UTF-8 bytes, valid only during the call: a term of only
    /// `a-z 0-9 _ :` is handed over in place; one with capitals is lower-cased on the stack
    /// first, one with more than ASCII into a scratch buffer.
    static func forEachTermBytes(_ text: String, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            byteClasses.withUnsafeBufferPointer { classes in
                var scratch: [UInt8] = []
                var start = -1  // where the current term began, -1 between terms
                var hasCapitals = false
                var hasNonASCII = false
                func flush(_ end: Int) {
                    let run = UnsafeBufferPointer(rebasing: bytes[start..<end])
                    if hasNonASCII {
                        visitRewritten(run, scratch: &scratch, visit)
                    } else if run.count >= minTermLength && run.count <= maxTermLength {
                        if hasCapitals { visitLowercased(run, visit) } else { visit(run) }
                    }
                    start = -1
                    hasCapitals = false
                    hasNonASCII = false
                }
                let count = bytes.count
                var index = 0
                while index < count {
                    switch classes[Int(bytes[index])] {
                    case ByteClass.term:
                        // A run of `a-z 0-9 _ :`, most of a term, a byte a step with no branch but the loop's.
                        if start < 0 { start = index }
                        index += 1
                        while index < count && classes[Int(bytes[index])] == ByteClass.term { index += 1 }
                    case ByteClass.capital:
                        if start < 0 { start = index }
                        hasCapitals = true
                        index += 1
                    case ByteClass.separator:
                        if start >= 0 { flush(index) }
                        index += 1
                        while index < count && classes[Int(bytes[index])] == ByteClass.separator { index += 1 }
                    default:
                        let (scalar, length) = decodeScalar(bytes, at: index)
                        if isTermScalar(scalar) {
                            if start < 0 { start = index }
                            hasNonASCII = true
                        } else if start >= 0 {
                            flush(index)
                        }
                        index += length
                    }
                }
                if start >= 0 { flush(count) }
            }
        }
    }

    /// What a byte is to the term walk (`byteClasses`): a table read is one load where the
    /// ranges were a chain of compares, on every byte of every page's text.
    private enum ByteClass {
        static let separator: UInt8 = 0, term: UInt8 = 1, capital: UInt8 = 2, nonASCII: UInt8 = 3
    }

    private static let byteClasses: [UInt8] = (0..<256).map { value in
        switch UInt8(value) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: ":"):
            ByteClass.term
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): ByteClass.capital
        case 0x80...: ByteClass.nonASCII
        default: ByteClass.separator
        }
    }

    /// An ASCII term with capitals, lower-cased on the stack. Such terms (a sentence's first
    /// word, `CPU`) are one in six of a body's terms, and an array's append per byte cost
    /// more than the rest of the walk over them.
    @inline(__always)
    private static func visitLowercased(_ run: UnsafeBufferPointer<UInt8>, _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: maxTermLength) { buffer in
            for index in 0..<run.count {
                let byte = run[index]
                buffer[index] = byte &- UInt8(ascii: "A") < 26 ? byte | 0x20 : byte
            }
            visit(UnsafeBufferPointer(rebasing: buffer[0..<run.count]))
        }
    }

    /// One term's run of term bytes and scalars, lower-cased (a scalar as `String.lowercased`
    /// does it), kept when its length in Characters (as the reader counts) is in bounds.
    private static func visitRewritten(_ run: UnsafeBufferPointer<UInt8>, scratch: inout [UInt8],
                                       _ visit: (UnsafeBufferPointer<UInt8>) -> Void) {
        scratch.removeAll(keepingCapacity: true)
        var hasNonASCII = false
        var index = 0
        while index < run.count {
            let byte = run[index]
            if byte < 0x80 {
                scratch.append(byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte)
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(run, at: index)
            scratch.append(contentsOf: String(scalar).lowercased().utf8)
            hasNonASCII = true
            index += length
        }
        let count = hasNonASCII ? String(decoding: scratch, as: UTF8.self).count : scratch.count
        if count >= minTermLength && count <= maxTermLength { scratch.withUnsafeBufferPointer(visit) }
    }

    static func isTermScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "a"..."z", "A"..."Z", "0"..."9", "_", ":": return true
        default: return scalar.value > 0x7F && (scalar.properties.isAlphabetic || scalar.properties.numericType != nil)
        }
    }

    /// A term's characters as they appear in shard file names: `a-z`, `0-9`, anything else `_`.
    static func shardKey(_ term: String, length: Int) -> String {
        // An ASCII term's key is made from its bytes (a scalar walk cost ~3,000 instructions a term).
        let asciiKey: String? = term.withUTF8Buffer { bytes in
            let taken = UnsafeBufferPointer(rebasing: bytes.prefix(length))
            guard taken.allSatisfy({ $0 < 0x80 }) else { return nil }
            return String(unsafeUninitializedCapacity: taken.count) { out in
                for (index, byte) in taken.enumerated() {
                    let isKept = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
                    out[index] = isKept ? byte : UInt8(ascii: "_")
                }
                return taken.count
            }
        }
        if let asciiKey { return asciiKey }
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
        var html = html
        var fallsBack = false
        // One pass, written straight into the String's storage: the text is never longer than
        // the HTML (a tag becomes at most one space, an entity at most its own length). Two
        // passes with an array between them cost a fifth more.
        let text = html.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { storage in
                var output = CollapsingOutput(storage)
                fallsBack = joinsAcrossMarkup(bytes) || !appendVisibleText(of: bytes, to: &output) || output.joinsAcrossSpace
                return fallsBack ? 0 : output.count
            }
        }
        // Where bytes and Characters could part, the Character walk (which the byte walk matches
        // everywhere else) decides.
        return fallsBack ? plainTextByCharacters(html: html) : text
    }

    /// Markup out, entities decoded, into `output`; false when a `<script>` or `<style>` holds
    /// more than ASCII (its end is then found as Foundation's case-insensitive search does).
    private static func appendVisibleText(of bytes: UnsafeBufferPointer<UInt8>, to output: inout CollapsingOutput) -> Bool {
        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                // `;` within the next 11 characters; a name with more than ASCII decodes to nothing.
                var semi = -1
                var probe = index + 1
                while probe < count && probe <= index + 11 {
                    if bytes[probe] == UInt8(ascii: ";") { semi = probe; break }
                    probe += 1
                }
                if semi >= 0, var decoded = entity(String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semi]), as: UTF8.self)[...]) {
                    decoded.withUTF8 { output.append($0) }
                    index = semi + 1
                } else {
                    output.append(byte)
                    index += 1
                }
                continue
            }
            guard byte == UInt8(ascii: "<") else {
                // The run of text up to the next markup, found eight bytes a step.
                var end = index + 1
                while end + 8 <= count {
                    let word = WordScan.word(bytes, at: end)
                    if WordScan.hasByte(UInt8(ascii: "<"), in: word) || WordScan.hasByte(UInt8(ascii: "&"), in: word) { break }
                    end += 8
                }
                while end < count && bytes[end] != UInt8(ascii: "<") && bytes[end] != UInt8(ascii: "&") { end += 1 }
                output.append(UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                continue
            }
            var close = index + 1
            while close < count && bytes[close] != UInt8(ascii: ">") { close += 1 }
            guard close < count else { index += 1; continue }  // a lone `<` is dropped
            let tag = UnsafeBufferPointer(rebasing: bytes[(index + 1)..<close])
            index = close + 1
            output.append(0x20)
            // Only a tag starting with `s` can be one whose content is dropped.
            guard let first = tag.first, first | 0x20 == UInt8(ascii: "s") else { continue }
            for (name, closer) in skippedElements {
                guard tag.hasPrefix(ignoringASCIICase: name) else { continue }
                // A combining mark after the name makes it another Character: leave that to the Character walk.
                if tag.count > name.count && tag[name.count] >= 0x80 { return false }
                guard let end = find(bytes, from: index, ignoringASCIICase: closer) else {
                    for byte in bytes[index...] where byte >= 0x80 { return false }
                    index = count
                    break
                }
                for byte in bytes[index..<end] where byte >= 0x80 { return false }
                if end < count && bytes[end] >= 0x80 { return false }
                index = end
                var gt = index
                while gt < count && bytes[gt] != UInt8(ascii: ">") { gt += 1 }
                if gt < count { index = gt + 1 }
            }
        }
        return true
    }

    /// Elements whose content is not visible text, with the start of their closing tag.
    private static let skippedElements: [(name: [UInt8], closer: [UInt8])] = ["script", "style"].map {
        (Array($0.utf8), Array("</\($0)".utf8))
    }

    /// Where `plainText` writes the visible text as it is found: runs of white space (Unicode's,
    /// as `Character.isWhitespace`) to one space, none at the ends. It notes when some
    /// `Character` of the text holds white space with another scalar, where splitting
    /// `Character`s would cut elsewhere.
    private struct CollapsingOutput {
        private let storage: UnsafeMutableBufferPointer<UInt8>
        private(set) var count = 0
        private(set) var joinsAcrossSpace = false
        private var pendingSpace = false
        private var previousIsSpace = false

        init(_ storage: UnsafeMutableBufferPointer<UInt8>) { self.storage = storage }

        @inline(__always)
        mutating func append(_ byte: UInt8) {
            if byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) {
                pendingSpace = count > 0
                previousIsSpace = true
                return
            }
            if pendingSpace {
                storage[count] = 0x20
                count += 1
                pendingSpace = false
            }
            storage[count] = byte
            count += 1
            previousIsSpace = false
        }

        /// Valid UTF-8: whole scalars.
        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            var index = 0
            while index < bytes.count {
                // Eight bytes a step: a word of running text is copied as it is.
                if index + 8 <= bytes.count {
                    let word = WordScan.word(bytes, at: index)
                    if WordScan.singleSpaces(inRunningText: word) != nil {
                        if pendingSpace {
                            storage[count] = 0x20
                            count += 1
                            pendingSpace = false
                        }
                        UnsafeMutableRawBufferPointer(storage).storeBytes(of: word.littleEndian, toByteOffset: count, as: UInt64.self)
                        count += 8
                        previousIsSpace = false
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                if byte < 0x80 {
                    append(byte)
                    index += 1
                    continue
                }
                let (scalar, length) = decodeScalar(bytes, at: index)
                if prependsCharacter(scalar) || (previousIsSpace && extendsCharacter(scalar)) { joinsAcrossSpace = true }
                if scalar.properties.isWhitespace {
                    pendingSpace = count > 0
                    previousIsSpace = true
                } else {
                    if pendingSpace {
                        storage[count] = 0x20
                        count += 1
                        pendingSpace = false
                    }
                    for offset in index..<(index + length) {
                        storage[count] = bytes[offset]
                        count += 1
                    }
                    previousIsSpace = false
                }
                index += length
            }
        }
    }

    /// Whether a scalar joins the `Character` before it (Unicode's grapheme rules: Extend, ZWJ, SpacingMark).
    private static func extendsCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        return properties.isGraphemeExtend || properties.isEmojiModifier || scalar.value == 0x200D
            || properties.generalCategory == .spacingMark || scalar.value == 0x0E33 || scalar.value == 0x0EB3
    }

    /// Whether a scalar joins the `Character` after it (Grapheme_Cluster_Break=Prepend).
    private static func prependsCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0600...0x0605, 0x06DD, 0x070F, 0x0890...0x0891, 0x08E2, 0x0D4E, 0x110BD, 0x110CD, 0x111C2...0x111C3,
             0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46, 0x11F02: return true
        default: return false
        }
    }

    /// Whether some `Character` of the HTML holds `<`, `&`, `;` or `>` with another scalar.
    private static func joinsAcrossMarkup(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        var previous: UInt8 = 0
        while index < bytes.count {
            // Four words a step, one test for all: most HTML is ASCII throughout.
            if index + 32 <= bytes.count, WordScan.isASCII(WordScan.word(bytes, at: index) | WordScan.word(bytes, at: index + 8)
                                                           | WordScan.word(bytes, at: index + 16) | WordScan.word(bytes, at: index + 24)) {
                previous = bytes[index + 31]
                index += 32
                continue
            }
            if index + 8 <= bytes.count, WordScan.isASCII(WordScan.word(bytes, at: index)) {
                previous = bytes[index + 7]
                index += 8
                continue
            }
            let byte = bytes[index]
            if byte < 0x80 {
                previous = byte
                index += 1
                continue
            }
            let (scalar, length) = decodeScalar(bytes, at: index)
            // U+037E is canonically equivalent to `;`, so equal to it as a Character.
            if prependsCharacter(scalar) || scalar.value == 0x037E { return true }
            if extendsCharacter(scalar) && (previous == UInt8(ascii: "<") || previous == UInt8(ascii: "&")
                                            || previous == UInt8(ascii: ";") || previous == UInt8(ascii: ">")) { return true }
            previous = 0x80
            index += length
        }
        return false
    }

    /// The scalar that starts at `index` of valid UTF-8, and its length in bytes.
    @inline(__always)
    private static func decodeScalar(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (scalar: Unicode.Scalar, length: Int) {
        let lead = UInt32(bytes[index])
        func continuation(_ offset: Int) -> UInt32 { index + offset < bytes.count ? UInt32(bytes[index + offset] & 0x3F) : 0 }
        let value: UInt32
        let length: Int
        if lead < 0xE0 {
            value = (lead & 0x1F) << 6 | continuation(1)
            length = 2
        } else if lead < 0xF0 {
            value = (lead & 0x0F) << 12 | continuation(1) << 6 | continuation(2)
            length = 3
        } else {
            value = (lead & 0x07) << 18 | continuation(1) << 12 | continuation(2) << 6 | continuation(3)
            length = 4
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", min(length, bytes.count - index))
    }

    /// The index just past the first occurrence of `needle` (lower-case ASCII) at or after `start`.
    private static func find(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, ignoringASCIICase needle: [UInt8]) -> Int? {
        guard bytes.count >= needle.count else { return nil }
        var index = start
        while index + needle.count <= bytes.count {
            if UnsafeBufferPointer(rebasing: bytes[index..<(index + needle.count)]).hasPrefix(ignoringASCIICase: needle) {
                return index + needle.count
            }
            index += 1
        }
        return nil
    }

    /// `plainText` over `Character`s: the reference the byte walk matches, and what decides
    /// the rare text in which the two could differ.
    static func plainTextByCharacters(html: String) -> String {
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
