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
        var locator = LinkLocator(text: expanded.markdown, fileLine: { expanded.fileLine(forMarkdownLine: $0) })
        var result: [PageLink] = []
        var htmlClaims: [String: Int] = [:]  // hrefs in the HTML that are Markdown links
        var textClaims: [String: Int] = [:]  // occurrences in the text that are Markdown links
        for link in content.markdown.links {
            let (line, column) = locator.locate(link.destination, nearFileLine: link.line) ?? (link.line, link.column)
            result.append(PageLink(destination: link.destination, href: link.href, isImage: link.isImage, line: line, column: column))
            htmlClaims[link.href, default: 0] += 1
            textClaims[link.destination, default: 0] += 1
        }
        // What else the HTML links to. Only addresses the writer typed count, as often as they
        // stand in the text: rule embeds and heading anchors are the tool's own links.
        var extras: [String: Int] = [:]
        for (value, isImage) in HTMLAttributeScanner.linkValues(in: content.markdown.html) where !value.isEmpty {
            if let count = htmlClaims[value], count > 0 {
                htmlClaims[value] = count - 1
                continue
            }
            extras[value, default: 0] += 1
            guard locator.occurrences(of: value) - textClaims[value, default: 0] >= extras[value]! else { continue }
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
/// preferred to one inside other text (`/b/` inside `/docs/b/`). Works on UTF-8 bytes: it runs
/// for every link of every page.
struct LinkLocator {
    private let bytes: [UInt8]
    /// Byte offset where each Markdown line starts.
    private let lineStarts: [Int]
    /// File line of each Markdown line (by 0-based index).
    private let fileLines: [Int]
    /// Byte ranges already handed out.
    private var used: [Range<Int>] = []
    private var counts: [String: Int] = [:]

    init(text: String, fileLine: (Int) -> Int) {
        bytes = Array(text.utf8)
        var starts = [0]
        for (offset, byte) in bytes.enumerated() where byte == UInt8(ascii: "\n") { starts.append(offset + 1) }
        lineStarts = starts
        fileLines = (0..<starts.count).map { fileLine($0 + 1) }
    }

    /// How often `text` stands in the Markdown (non-overlapping).
    mutating func occurrences(of text: String) -> Int {
        if let count = counts[text] { return count }
        let needle = Array(text.utf8)
        var count = 0
        var offset = 0
        while let found = find(needle, in: offset..<bytes.count) {
            count += 1
            offset = found + needle.count
        }
        counts[text] = count
        return count
    }

    /// File line and column (in Unicode scalars) of the first free occurrence of `text` on or
    /// after file line `near` (then anywhere).
    mutating func locate(_ text: String, nearFileLine near: Int?) -> (line: Int, column: Int)? {
        let needle = Array(text.utf8)
        guard !needle.isEmpty, !bytes.isEmpty else { return nil }
        let startLine = near.flatMap { line in fileLines.firstIndex { $0 >= line } } ?? 0
        let startOffset = lineStarts[startLine]
        for preferDelimited in [true, false] {
            for range in [startOffset..<bytes.count, 0..<startOffset] {
                var offset = range.lowerBound
                while let found = find(needle, in: offset..<range.upperBound) {
                    let span = found..<(found + needle.count)
                    if !used.contains(where: { $0.overlaps(span) }) && (!preferDelimited || isDelimited(before: found)) {
                        used.append(span)
                        let line = lineIndex(of: found)
                        let column = characterCount(bytes[lineStarts[line]..<found]) + 1
                        return (fileLines[line], column)
                    }
                    offset = found + 1
                }
            }
        }
        return nil
    }

    private func find(_ needle: [UInt8], in range: Range<Int>) -> Int? {
        guard let first = needle.first, range.count >= needle.count else { return nil }
        var index = range.lowerBound
        let last = range.upperBound - needle.count
        while index <= last {
            if bytes[index] == first {
                var matched = true
                for offset in 1..<needle.count where bytes[index + offset] != needle[offset] {
                    matched = false
                    break
                }
                if matched { return index }
            }
            index += 1
        }
        return nil
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

    private func isDelimited(before offset: Int) -> Bool {
        guard offset > 0 else { return true }
        switch bytes[offset - 1] {
        case UInt8(ascii: "("), UInt8(ascii: "<"), UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: " "),
             UInt8(ascii: "\t"), UInt8(ascii: "\n"):
            return true
        default:
            return false
        }
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
