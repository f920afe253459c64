import CCmark

/// Definition lists as Goldmark (Hugo) reads them, which libcmark does not know:
///
///     **term**
///     : definition
///
/// A paragraph whose lines before the first `: ` line are terms becomes `<dl>`; each `: ` line
/// starts a `<dd>`, other lines continue it, and a line right before a `: ` line is a new term.
/// Adjacent lists merge into one `<dl>`, and a paragraph made only of `: ` lines right after a
/// list adds definitions to it.
enum DefinitionLists {
    /// - Returns: whether the tree's shape changed (a list was made or grew).
    @discardableResult
    static func apply(to nodes: [CmarkNode]) -> Bool {
        var reshaped = false
        var previousList: CmarkNode?
        for paragraph in nodes.picked(CMARK_NODE_PARAGRAPH) {
            guard someLineStartsWithColonByte(paragraph) else { continue }
            let lines = paragraph.inlineLines.filter { !$0.isEmpty }
            let isDefinition = lines.map(startsWithColon)
            guard let firstDefinition = isDefinition.firstIndex(of: true) else { continue }
            let continuesList = firstDefinition == 0 && previousList != nil && previousList?.next == paragraph
            guard firstDefinition > 0 || continuesList else { continue }
            reshaped = true

            let list: CmarkNode
            if let previous = previousList, previous.next == paragraph {
                list = previous
            } else {
                list = CmarkNode.customBlock(enter: "<dl>", exit: "</dl>")
                paragraph.insertBefore(list)
            }

            var current: CmarkNode?
            for (index, line) in lines.enumerated() {
                let nextIsDefinition = index + 1 < lines.count && isDefinition[index + 1]
                if isDefinition[index] {
                    stripColon(line)
                    let definition = CmarkNode.inlineBlock(enter: "<dd>", exit: "</dd>")
                    list.append(definition.block)
                    move(line, into: definition.content)
                    current = definition.content
                } else if index < firstDefinition || nextIsDefinition || current == nil {
                    let term = CmarkNode.inlineBlock(enter: "<dt>", exit: "</dt>")
                    list.append(term.block)
                    move(line, into: term.content)
                    current = nil
                } else if let definition = current {
                    definition.append(CmarkNode.make(CMARK_NODE_SOFTBREAK))
                    move(line, into: definition)
                }
            }
            paragraph.remove()
            previousList = list
        }
        return reshaped
    }


    /// Whether a line of the paragraph starts with a text whose first byte is `:`, read from
    /// libcmark without making Swift strings: what `startsWithColon` needs, so most
    /// paragraphs are passed over here.
    private static func someLineStartsWithColonByte(_ paragraph: CmarkNode) -> Bool {
        var atLineStart = true
        var child = paragraph.firstChild
        while let node = child {
            let type = node.type
            if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                atLineStart = true
            } else {
                if atLineStart, type == CMARK_NODE_TEXT, let literal = cmark_node_get_literal(node.pointer),
                   UInt8(bitPattern: literal.pointee) == UInt8(ascii: ":") { return true }
                atLineStart = false
            }
            child = node.next
        }
        return false
    }

    private static func startsWithColon(_ line: [CmarkNode]) -> Bool {
        guard let first = line.first, first.type == CMARK_NODE_TEXT, let text = first.literal else { return false }
        return text.hasPrefix(": ") || text.hasPrefix(":\t") || text == ":"
    }

    private static func stripColon(_ line: [CmarkNode]) {
        guard let first = line.first, let text = first.literal else { return }
        first.literal = String(text.dropFirst().drop { $0 == " " || $0 == "\t" })
    }

    private static func move(_ line: [CmarkNode], into block: CmarkNode) {
        // Trailing spaces before the break are noise in a term.
        if let last = line.last, last.type == CMARK_NODE_TEXT, let text = last.literal, text.hasSuffix(" ") {
            var trimmed = text
            while trimmed.hasSuffix(" ") { trimmed.removeLast() }
            last.literal = trimmed
        }
        for node in line {
            node.unlink()
            block.append(node)
        }
    }
}
