import CCmark

/// Turns bare `https://…`, `http://…` and `www.…` addresses in text into links, as Goldmark's
/// linkify does for Hugo; trailing punctuation and unbalanced `)` stay outside the link.
enum BareURLAutolinks {
    static func apply(to nodes: [CmarkNode]) {
        for node in nodes where node.type == CMARK_NODE_TEXT && !isInsideLink(node) {
            linkify(node)
        }
    }

    private static func isInsideLink(_ node: CmarkNode) -> Bool {
        var current = node.parent
        while let ancestor = current {
            if ancestor.type == CMARK_NODE_LINK || ancestor.type == CMARK_NODE_IMAGE { return true }
            current = ancestor.parent
        }
        return false
    }

    private static func linkify(_ node: CmarkNode) {
        guard var text = node.literal, text.containsASCII("http") || text.containsASCII("www.") else { return }
        var anchor = node
        var isFirst = true
        while let match = findURL(in: text) {
            let before = String(text[..<match.lowerBound])
            let address = String(text[match])
            let after = String(text[match.upperBound...])
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
            text = after
        }
        if !isFirst, !text.isEmpty {
            anchor.insertAfter(CmarkNode.text(text))
        }
    }

    /// The next bare address in `text` that starts at a word boundary.
    static func findURL(in text: String) -> Range<String.Index>? {
        var searchStart = text.startIndex
        while searchStart < text.endIndex {
            let candidates = ["https://", "http://", "www."].compactMap { text.range(of: $0, range: searchStart..<text.endIndex) }
            guard let start = candidates.min(by: { $0.lowerBound < $1.lowerBound }) else { return nil }
            if start.lowerBound > text.startIndex {
                let previous = text[text.index(before: start.lowerBound)]
                if previous.isLetter || previous.isNumber || previous == "/" || previous == "." || previous == "@" {
                    searchStart = start.upperBound
                    continue
                }
            }
            var end = start.upperBound
            while end < text.endIndex, !text[end].isWhitespace, text[end] != "<", text[end] != "`" { end = text.index(after: end) }
            var range = start.lowerBound..<end
            range = trimTrailingPunctuation(text, range)
            // An address needs a host: `https://` alone or `www.` alone is just text.
            let host = text[start.upperBound..<range.upperBound]
            let isWWW = text[start].hasPrefix("www.")
            if !host.contains(where: { $0.isLetter || $0.isNumber }) || (isWWW && !host.contains(".")) {
                searchStart = start.upperBound
                continue
            }
            return range
        }
        return nil
    }

    private static func trimTrailingPunctuation(_ text: String, _ range: Range<String.Index>) -> Range<String.Index> {
        var end = range.upperBound
        while end > range.lowerBound {
            let last = text[text.index(before: end)]
            if ".,:;!?'\"*_~".contains(last) {
                end = text.index(before: end)
            } else if last == ")" {
                let candidate = text[range.lowerBound..<end]
                let opens = candidate.filter { $0 == "(" }.count
                let closes = candidate.filter { $0 == ")" }.count
                if closes > opens { end = text.index(before: end) } else { break }
            } else {
                break
            }
        }
        return range.lowerBound..<end
    }
}
