import Foundation

/// Every link and image of one page after rendering, each at the line and column of its
/// destination in the page's file: the Markdown links and images libcmark found, plus what
/// only the HTML shows — bare addresses turned into links and `<a href>` / `<img src>` written
/// as raw HTML. Links produced by the rule embeds (repository links) are not the page's own
/// and are left out.
public struct PageLink: Sendable, Hashable {
    /// As written in the page.
    public let destination: String
    /// As published (`.md` links rewritten to page URLs).
    public let href: String
    public let isImage: Bool
    public let line: Int
    public let column: Int
}

enum PageLinkInventory {
    static func links(of page: Page, content: RenderedPage) -> [PageLink] {
        let expanded = content.expanded
        let markdownLinks = content.markdown.links
        // What else the HTML links to: hrefs that are not Markdown links and not the `#` link
        // each heading gets. Claimed by count, so a page of 100,000 headings does not hand
        // 100,000 anchors to the locator below.
        var htmlClaims: [String: Int] = [:]
        htmlClaims.reserveCapacity(markdownLinks.count + content.markdown.headings.count)
        for link in markdownLinks { htmlClaims[link.href, default: 0] += 1 }
        for heading in content.markdown.headings { htmlClaims["#" + heading.id, default: 0] += 1 }
        var candidates: [(String, Bool)] = []
        for (value, isImage) in HTMLAttributeScanner.linkValues(in: content.markdown.html) where !value.isEmpty {
            if let count = htmlClaims[value], count > 0 {
                htmlClaims[value] = count - 1
            } else {
                candidates.append((value, isImage))
            }
        }
        let needles = markdownLinks.map(\.destination) + candidates.map(\.0)
        var locator = LinkLocator(text: expanded.markdown, needles: needles,
                                  fileLine: { expanded.fileLine(forMarkdownLine: $0) })
        var result: [PageLink] = []
        result.reserveCapacity(markdownLinks.count + candidates.count)
        var textClaims: [String: Int] = [:]  // occurrences in the text that are Markdown links
        for link in markdownLinks {
            let (line, column) = locator.locate(link.destination, nearFileLine: link.line) ?? (link.line, link.column)
            result.append(PageLink(destination: link.destination, href: link.href, isImage: link.isImage, line: line, column: column))
            textClaims[link.destination, default: 0] += 1
        }
        // Only addresses the writer typed count, as often as they stand in the text: rule
        // embeds are the tool's own links.
        var extras: [String: Int] = [:]
        for (value, isImage) in candidates {
            let count = extras[value, default: 0] + 1
            extras[value] = count
            guard locator.occurrences(of: value) - textClaims[value, default: 0] >= count else { continue }
            guard let (line, column) = locator.locate(value, nearFileLine: nil) else { continue }
            result.append(PageLink(destination: value, href: value, isImage: isImage, line: line, column: column))
        }
        result.sort { ($0.line, $0.column, $0.href) < ($1.line, $1.column, $1.href) }
        return result
    }
}

/// Finds where a link destination is written. libcmark gives inline nodes no position, only
/// their paragraph's first line, so the destination text is searched in the Markdown the page
/// rendered from (its body with shortcodes carried out and hidden comments removed) from that
/// line on, and mapped back to the file's line. Each occurrence is handed out once (repeated
/// links get successive positions), and one right after `(`, `<`, a quote or a space is
/// preferred to one inside other text (`/b/` inside `/docs/b/`).
///
/// Near-linear in the page: every destination's occurrences are found in one pass when the
/// locator is made, handed-out ones are skipped in amortised constant time, and columns come
/// from a running count of scalars. A page with 20,000 links must not cost 20,000 scans.
struct LinkLocator {
    private let bytes: [UInt8]
    /// Byte offset where each Markdown line starts.
    private let lineStarts: [Int]
    /// File line of each Markdown line (by 0-based index).
    private let fileLines: [Int]
    /// The largest file line up to each Markdown line: sorted, so it can be searched.
    private let fileLinesReached: [Int]
    /// Unicode scalars before each 1 KiB block of `bytes`.
    private let scalarsBeforeBlock: [Int]
    /// Bytes already handed out, one bit each.
    private var used: [UInt64]
    private var found: [String: Occurrences]
    private var counts: [String: Int] = [:]

    /// - Parameter needles: every text `locate` and `occurrences` will be asked about.
    init(text: String, needles: [String], fileLine: (Int) -> Int) {
        let bytes = Array(text.utf8)
        self.bytes = bytes
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
        fileLines = (0..<starts.count).map { fileLine($0 + 1) }
        var reached: [Int] = []
        reached.reserveCapacity(fileLines.count)
        for line in fileLines { reached.append(max(line, reached.last ?? line)) }
        fileLinesReached = reached
        var blocks: [Int] = []
        blocks.reserveCapacity(bytes.count / Self.blockSize + 1)
        var scalars = 0
        for (offset, byte) in bytes.enumerated() {
            if offset % Self.blockSize == 0 { blocks.append(scalars) }
            if byte & 0xC0 != 0x80 { scalars += 1 }
        }
        blocks.append(scalars)
        scalarsBeforeBlock = blocks
        used = [UInt64](repeating: 0, count: bytes.count / 64 + 1)

        var distinct: [String] = []
        var seen = Set<String>()
        for needle in needles where !needle.isEmpty && seen.insert(needle).inserted { distinct.append(needle) }
        let patterns = distinct.map { Array($0.utf8) }
        let positions = MultiPatternSearch(patterns).occurrences(in: bytes)
        var found: [String: Occurrences] = [:]
        found.reserveCapacity(distinct.count)
        for (index, needle) in distinct.enumerated() {
            let all = positions[index]
            let delimited = all.filter { Self.isDelimited(before: $0, in: bytes) }
            found[needle] = Occurrences(length: patterns[index].count, all: SkipList(all), delimited: SkipList(delimited))
        }
        self.found = found
    }

    private static let blockSize = 1024

    /// How often `text` stands in the Markdown (non-overlapping).
    mutating func occurrences(of text: String) -> Int {
        if let count = counts[text] { return count }
        var count = 0
        if let occurrences = found[text] {
            var end = 0
            for position in occurrences.all.positions where position >= end {
                count += 1
                end = position + occurrences.length
            }
        }
        counts[text] = count
        return count
    }

    /// File line and column (in Unicode scalars) of the first free occurrence of `text` on or
    /// after file line `near` (then anywhere before it).
    mutating func locate(_ text: String, nearFileLine near: Int?) -> (line: Int, column: Int)? {
        guard !bytes.isEmpty, var occurrences = found[text] else { return nil }
        found[text] = nil  // mutated in place, put back below
        defer { found[text] = occurrences }
        let startLine = near.flatMap { line in firstLine(reaching: line) } ?? 0
        let startOffset = lineStarts[startLine]
        for preferDelimited in [true, false] {
            let offset = preferDelimited
                ? take(from: &occurrences.delimited, length: occurrences.length, startOffset: startOffset)
                : take(from: &occurrences.all, length: occurrences.length, startOffset: startOffset)
            if let offset {
                let line = lineIndex(of: offset)
                return (fileLines[line], scalars(before: offset) - scalars(before: lineStarts[line]) + 1)
            }
        }
        return nil
    }

    /// The first free occurrence at or after `startOffset`, else the first that ends before it;
    /// marks its bytes used. Occurrences found taken (by any text) are dropped from `list`.
    private mutating func take(from list: inout SkipList, length: Int, startOffset: Int) -> Int? {
        for wrapped in [false, true] {
            var index = list.nextAlive(from: wrapped ? 0 : list.firstIndex(atLeast: startOffset))
            while index < list.positions.count {
                let position = list.positions[index]
                if wrapped && position + length > startOffset { break }
                if isUsed(position..<(position + length)) {
                    list.remove(index)
                } else {
                    markUsed(position..<(position + length))
                    list.remove(index)
                    return position
                }
                index = list.nextAlive(from: index + 1)
            }
        }
        return nil
    }

    private func isUsed(_ span: Range<Int>) -> Bool {
        for offset in span where used[offset >> 6] & (1 << UInt64(offset & 63)) != 0 { return true }
        return false
    }

    private mutating func markUsed(_ span: Range<Int>) {
        for offset in span { used[offset >> 6] |= 1 << UInt64(offset & 63) }
    }

    /// The first Markdown line (0-based) whose file line is at least `line`.
    private func firstLine(reaching line: Int) -> Int? {
        var low = 0
        var high = fileLinesReached.count
        while low < high {
            let middle = (low + high) / 2
            if fileLinesReached[middle] >= line { high = middle } else { low = middle + 1 }
        }
        return low < fileLinesReached.count ? low : nil
    }

    /// Unicode scalars in `bytes[0..<offset]`.
    private func scalars(before offset: Int) -> Int {
        let block = offset / Self.blockSize
        return scalarsBeforeBlock[block] + characterCount(bytes[(block * Self.blockSize)..<offset])
    }

    private func lineIndex(of offset: Int) -> Int {
        var low = 0
        var high = lineStarts.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if lineStarts[middle] <= offset { low = middle } else { high = middle - 1 }
        }
        return low
    }

    private static func isDelimited(before offset: Int, in bytes: [UInt8]) -> Bool {
        guard offset > 0 else { return true }
        switch bytes[offset - 1] {
        case UInt8(ascii: "("), UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: " "),
             UInt8(ascii: "\t"), UInt8(ascii: "\n"):
            return true
        default:
            return false
        }
    }

    private struct Occurrences {
        let length: Int
        var all: SkipList
        var delimited: SkipList
    }

    /// Sorted offsets from which taken ones are removed; finding the next one still there is
    /// amortised constant (a union-find over "next index not removed").
    struct SkipList {
        let positions: [Int]
        private var next: [Int32]

        init(_ positions: [Int]) {
            self.positions = positions
            next = (0...positions.count).map(Int32.init)
        }

        func firstIndex(atLeast offset: Int) -> Int {
            var low = 0
            var high = positions.count
            while low < high {
                let middle = (low + high) / 2
                if positions[middle] >= offset { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// The first index at or after `index` not removed (`positions.count` when none).
        mutating func nextAlive(from index: Int) -> Int {
            var root = index
            while Int(next[root]) != root { root = Int(next[root]) }
            var current = index
            while Int(next[current]) != root {
                let following = Int(next[current])
                next[current] = Int32(root)
                current = following
            }
            return root
        }

        mutating func remove(_ index: Int) { next[index] = Int32(index + 1) }
    }
}

/// Reads `href` and `src` attribute values out of HTML that libcmark wrote or that a page
/// carries as raw HTML. A small tokenizer over tags, not a regular expression: attribute
/// values in double, single or no quotes, entity references decoded.
enum HTMLAttributeScanner {
    /// `(value, isImage)` for every `href`/`src`, in document order.
    static func linkValues(in html: String) -> [(String, Bool)] {
        attributes(named: ["href", "src"], in: html).map { ($0.value, $0.tag == "img" || $0.name == "src") }
    }

    /// Every `id` and `name` attribute: the places a `#fragment` can lead to.
    static func anchorNames(in html: String) -> Set<String> {
        Set(attributes(named: ["id", "name"], in: html).map(\.value))
    }

    /// The attributes called one of `names` (lower-case), with their tag, in document order.
    static func attributes(named names: Set<String>, in html: String) -> [(tag: String, name: String, value: String)] {
        let wanted = names.map { Array($0.utf8) }
        var result: [(tag: String, name: String, value: String)] = []
        let bytes = Array(html.utf8)
        var index = 0
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "<"), index + 1 < bytes.count, isLetter(bytes[index + 1]) else {
                index += 1
                continue
            }
            var cursor = index + 1
            let nameStart = cursor
            while cursor < bytes.count, isNameByte(bytes[cursor]) { cursor += 1 }
            let tagRange = nameStart..<cursor
            // Attributes until `>`.
            while cursor < bytes.count, bytes[cursor] != UInt8(ascii: ">") {
                if isSpace(bytes[cursor]) || bytes[cursor] == UInt8(ascii: "/") {
                    cursor += 1
                    continue
                }
                let attributeStart = cursor
                while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: "="),
                      bytes[cursor] != UInt8(ascii: ">") {
                    cursor += 1
                }
                let attributeRange = attributeStart..<cursor
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < bytes.count, bytes[cursor] == UInt8(ascii: "=") else { continue }
                cursor += 1
                while cursor < bytes.count, isSpace(bytes[cursor]) { cursor += 1 }
                guard cursor < bytes.count else { break }
                let valueRange: Range<Int>
                if bytes[cursor] == UInt8(ascii: "\"") || bytes[cursor] == UInt8(ascii: "'") {
                    let quote = bytes[cursor]
                    let valueStart = cursor + 1
                    cursor = valueStart
                    while cursor < bytes.count, bytes[cursor] != quote { cursor += 1 }
                    valueRange = valueStart..<min(cursor, bytes.count)
                    cursor += 1
                } else {
                    let valueStart = cursor
                    while cursor < bytes.count, !isSpace(bytes[cursor]), bytes[cursor] != UInt8(ascii: ">") { cursor += 1 }
                    valueRange = valueStart..<cursor
                }
                guard let name = wanted.first(where: { equalsLowercased(bytes[attributeRange], $0) }) else { continue }
                var trimmed = valueRange
                while !trimmed.isEmpty, isSpace(bytes[trimmed.lowerBound]) { trimmed = (trimmed.lowerBound + 1)..<trimmed.upperBound }
                while !trimmed.isEmpty, isSpace(bytes[trimmed.upperBound - 1]) { trimmed = trimmed.lowerBound..<(trimmed.upperBound - 1) }
                let value = String(decoding: bytes[trimmed], as: UTF8.self)
                let hasEntity = bytes[trimmed].contains(UInt8(ascii: "&"))
                result.append((String(decoding: bytes[tagRange], as: UTF8.self).lowercased(), String(decoding: name, as: UTF8.self),
                               hasEntity ? decodeEntities(value) : value))
            }
            index = cursor + 1
        }
        return result
    }

    /// ASCII case-insensitive comparison with a lower-case name.
    private static func equalsLowercased(_ bytes: ArraySlice<UInt8>, _ name: [UInt8]) -> Bool {
        guard bytes.count == name.count else { return false }
        for (byte, expected) in zip(bytes, name) where (byte | 0x20) != expected { return false }
        return true
    }

    static func decodeEntities(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var result = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character == "&", let semicolon = text[index...].prefix(10).firstIndex(of: ";") {
                let entity = text[text.index(after: index)..<semicolon]
                var decoded: String?
                switch entity {
                case "amp": decoded = "&"
                case "lt": decoded = "<"
                case "gt": decoded = ">"
                case "quot": decoded = "\""
                case "apos": decoded = "'"
                default:
                    if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let value = UInt32(entity.dropFirst(2), radix: 16) {
                        decoded = Unicode.Scalar(value).map { String(Character($0)) }
                    } else if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()) {
                        decoded = Unicode.Scalar(value).map { String(Character($0)) }
                    }
                }
                if let decoded {
                    result += decoded
                    index = text.index(after: semicolon)
                    continue
                }
            }
            result.append(character)
            index = text.index(after: index)
        }
        return result
    }

    private static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        isLetter(byte) || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-")
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\r")
    }
}
