import CCmark

/// Turns bare `https://…`, `http://…` and `www.…` addresses in text into links, as Goldmark's
/// linkify does for Hugo; trailing punctuation and unbalanced `)` stay outside the link.
enum BareURLAutolinks {
    /// - Returns: whether the tree's shape changed (a link was made).
    @discardableResult
    static func apply(to nodes: [CmarkNode]) -> Bool {
        var reshaped = false
        // Text inside a link stays as it is. Collected once (links do not nest), not by walking
        // up from every text node: deeply nested blocks made that quadratic.
        var insideLink = Set<OpaquePointer>()
        for node in nodes where node.type == CMARK_NODE_LINK || node.type == CMARK_NODE_IMAGE {
            for descendant in node.descendants() { insideLink.insert(descendant.pointer) }
        }
        for node in nodes where node.type == CMARK_NODE_TEXT && !insideLink.contains(node.pointer) {
            if linkify(node) { reshaped = true }
        }
        return reshaped
    }

    /// - Returns: whether a link was made.
    private static func linkify(_ node: CmarkNode) -> Bool {
        // The bytes are looked at in place: most text nodes hold no address.
        guard node.withLiteralBytes(mayHoldAddress) == true, let text = node.literal else { return false }
        var anchor = node
        var isFirst = true
        var finder = URLFinder(text)
        var rest = text.startIndex
        while let match = finder.next(from: rest) {
            let before = String(text[rest..<match.lowerBound])
            let address = String(text[match])
            if isFirst {
                node.literal = before
                isFirst = false
            } else if !before.isEmpty {
                let beforeNode = CmarkNode.text(before)
                anchor.insertAfter(beforeNode)
                anchor = beforeNode
            }
            let link = CmarkNode.make(CMARK_NODE_LINK)
            link.url = address.hasPrefix("www.") ? "http://" + address : address
            link.append(CmarkNode.text(address))
            anchor.insertAfter(link)
            anchor = link
            rest = match.upperBound
        }
        if !isFirst, rest < text.endIndex {
            anchor.insertAfter(CmarkNode.text(String(text[rest...])))
        }
        return !isFirst
    }

    /// Whether `http` or `www.` occurs in the text: one pass over its bytes (this runs for
    /// every text node of every page, nearly all of them without an address).
    private static func mayHoldAddress(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= 4 else { return false }
        var index = 0
        let last = bytes.count - 4
        while index <= last {
            // Eight bytes a step while none is an `h` or a `w` (words of eight that hold
            // neither are most of a runbook's text); the word may run past `last`, not the end.
            if index + 8 <= bytes.count {
                let word = WordScan.word(bytes, at: index)
                if !WordScan.hasByte(UInt8(ascii: "h"), in: word) && !WordScan.hasByte(UInt8(ascii: "w"), in: word) {
                    index += 8
                    continue
                }
            }
            let first = bytes[index]
            if first == UInt8(ascii: "h"), bytes[index + 1] == UInt8(ascii: "t"), bytes[index + 2] == UInt8(ascii: "t"),
               bytes[index + 3] == UInt8(ascii: "p") { return true }
            if first == UInt8(ascii: "w"), bytes[index + 1] == UInt8(ascii: "w"), bytes[index + 2] == UInt8(ascii: "w"),
               bytes[index + 3] == UInt8(ascii: ".") { return true }
            index += 1
        }
        return false
    }

    /// The next bare address in `text` that starts at a word boundary.
    static func findURL(in text: String) -> Range<String.Index>? {
        var finder = URLFinder(text)
        return finder.next(from: text.startIndex)
    }

    /// Successive bare addresses of one text in a single pass: where each prefix next occurs is
    /// remembered, so a long text with thousands of addresses is not searched again from every
    /// match (nor copied after each one).
    struct URLFinder {
        static let prefixes = ["https://", "http://", "www."]
        let text: String
        /// Per prefix: its next occurrence at or after `searchedFrom`, nil once none is left.
        private var hits: [Range<String.Index>?]
        private var searchedFrom: [String.Index]

        init(_ text: String) {
            self.text = text
            hits = Self.prefixes.map { _ in nil }
            searchedFrom = Self.prefixes.map { _ in text.startIndex }
            for index in Self.prefixes.indices { hits[index] = Self.find(Self.prefixes[index], in: text, from: text.startIndex) }
        }

        private mutating func nextPrefix(from start: String.Index) -> Range<String.Index>? {
            var best: Range<String.Index>?
            for index in Self.prefixes.indices {
                if let hit = hits[index], hit.lowerBound < start, searchedFrom[index] < start {
                    hits[index] = Self.find(Self.prefixes[index], in: text, from: start)
                    searchedFrom[index] = start
                }
                guard let hit = hits[index], hit.lowerBound >= start else { continue }
                if best == nil || hit.lowerBound < best!.lowerBound { best = hit }
            }
            return best
        }

        mutating func next(from start: String.Index) -> Range<String.Index>? {
            var searchStart = start
            while searchStart < text.endIndex {
                guard let found = nextPrefix(from: searchStart) else { return nil }
                if found.lowerBound > text.startIndex {
                    let previous = text[text.index(before: found.lowerBound)]
                    if previous.isLetter || previous.isNumber || previous == "/" || previous == "." || previous == "@" {
                        searchStart = found.upperBound
                        continue
                    }
                }
                var end = found.upperBound
                while end < text.endIndex, !text[end].isWhitespace, text[end] != "<", text[end] != "`" { end = text.index(after: end) }
                var range = found.lowerBound..<end
                range = trimTrailingPunctuation(text, range)
                // An address needs a host: `https://` alone or `www.` alone is just text.
                let host = text[found.upperBound..<max(found.upperBound, range.upperBound)]
                let isWWW = text[found].hasPrefix("www.")
                if !host.contains(where: { $0.isLetter || $0.isNumber }) || (isWWW && !host.contains(".")) {
                    searchStart = found.upperBound
                    continue
                }
                return range
            }
            return nil
        }

        /// The next occurrence of an ASCII `prefix` at or after `start`, on UTF-8 bytes.
        private static func find(_ prefix: String, in text: String, from start: String.Index) -> Range<String.Index>? {
            let pattern = Array(prefix.utf8)
            let utf8 = text.utf8
            var index = start
            while index < utf8.endIndex {
                if utf8[index] == pattern[0] {
                    var cursor = index
                    var matched = 0
                    while matched < pattern.count, cursor < utf8.endIndex, utf8[cursor] == pattern[matched] {
                        matched += 1
                        cursor = utf8.index(after: cursor)
                    }
                    if matched == pattern.count { return index..<cursor }
                }
                index = utf8.index(after: index)
            }
            return nil
        }
    }

    /// Trailing punctuation and unbalanced `)` left outside the address; brackets are counted
    /// once, not again for every `)` trimmed.
    private static func trimTrailingPunctuation(_ text: String, _ range: Range<String.Index>) -> Range<String.Index> {
        var end = range.upperBound
        var opens = 0
        var closes = 0
        for character in text[range] {
            if character == "(" { opens += 1 } else if character == ")" { closes += 1 }
        }
        while end > range.lowerBound {
            let last = text[text.index(before: end)]
            if ".,:;!?'\"*_~".contains(last) {
                end = text.index(before: end)
            } else if last == ")" {
                if closes > opens {
                    end = text.index(before: end)
                    closes -= 1
                } else {
                    break
                }
            } else {
                break
            }
        }
        return range.lowerBound..<end
    }
}
