import Foundation
import CCmark

/// GitHub-style tables, which Hugo's Goldmark renders and libcmark does not know:
///
///     | Metric | Meaning |
///     |:-------|--------:|
///     | `up`   | 1 when scraped |
///
/// libcmark reads such lines as one paragraph; a paragraph whose second line is a delimiter
/// row with as many cells as its first becomes a `<table>`. Cells keep their inline Markdown
/// (code, links, emphasis); a `|` inside a code span stays in its cell.
///
/// As on GitHub, `\|` is a pipe inside a cell, not a cell boundary, also inside a code span
/// (`` `a \| b` `` shows `a | b`). libcmark has turned `\|` into a plain `|` and merged it into
/// the text around it by the time we see the tree, so each text node's source (its line and
/// columns) is read beside its text to learn which `|` came from an escape or an entity.
enum Tables {
    enum Alignment { case none, left, center, right }

    /// - Parameter source: the Markdown the nodes were parsed from (their line numbers index it).
    /// - Returns: whether the tree's shape changed (a table was made).
    @discardableResult
    static func apply(to nodes: [CmarkNode], source: String = "") -> Bool {
        var reshaped = false
        var sourceLines: [Substring]?
        for paragraph in nodes.picked(CMARK_NODE_PARAGRAPH) {
            guard let second = secondLineText(paragraph), let literal = second.literal,
                  literal.containsUTF8Byte(where: { $0 == UInt8(ascii: "-") }), literal.contains("-") else { continue }
            var lines = paragraph.inlineLines
            if sourceLines == nil { sourceLines = source.split(separator: "\n", omittingEmptySubsequences: false) }
            let literalPipes = Self.literalPipes(in: paragraph, sourceLines: sourceLines ?? [])
            if !literalPipes.isEmpty {
                protect(paragraph, literalPipes)
                lines = paragraph.inlineLines
            }
            guard let alignments = delimiterRow(lines[1]), cellCount(of: lines[0]) == alignments.count else {
                if !literalPipes.isEmpty { unprotect(paragraph) }
                continue
            }
            reshaped = true
            unescapeCodeSpans(paragraph)
            let header = cells(of: lines[0])

            let table = CmarkNode.customBlock(enter: "<table>", exit: "</table>")
            let head = CmarkNode.customBlock(enter: "<thead>", exit: "</thead>")
            head.append(row(header, alignments: alignments, tag: "th"))
            table.append(head)
            if lines.count > 2 {
                let body = CmarkNode.customBlock(enter: "<tbody>", exit: "</tbody>")
                for line in lines[2...] { body.append(row(cells(of: line), alignments: alignments, tag: "td")) }
                table.append(body)
            }
            paragraph.insertBefore(table)
            paragraph.remove()
            if !literalPipes.isEmpty { unprotect(table) }
        }
        return reshaped
    }


    /// The paragraph's second line when it is one text node (what a delimiter row is), found
    /// by walking its children: most paragraphs are not tables, and building their lines cost.
    private static func secondLineText(_ paragraph: CmarkNode) -> CmarkNode? {
        func isBreak(_ node: CmarkNode) -> Bool { node.type == CMARK_NODE_SOFTBREAK || node.type == CMARK_NODE_LINEBREAK }
        var child = paragraph.firstChild
        while let node = child, !isBreak(node) { child = node.next }
        guard let firstBreak = child, let text = firstBreak.next, text.type == CMARK_NODE_TEXT else { return nil }
        if let after = text.next, !isBreak(after) { return nil }
        return text
    }

    /// Stands in for a `|` that is part of a cell's text while the row is cut into cells (a
    /// noncharacter: text has no business holding it; if it does, it shows as `|` here).
    private static let heldPipe: Character = "\u{FFFF}"

    /// For each `|` in the paragraph's text children, in order, whether it is text (escaped or
    /// an entity) rather than a cell boundary; empty when none is. A text node whose source
    /// cannot be lined up with its text counts all its pipes as boundaries.
    private static func literalPipes(in paragraph: CmarkNode, sourceLines: [Substring]) -> [Bool] {
        var flags: [Bool] = []
        for child in paragraph.children where child.type == CMARK_NODE_TEXT {
            guard let literal = child.literal, literal.contains("|") else { continue }
            let pipes = literal.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "|") ? 1 : 0) }
            if let own = pipesFromSource(literal, child, sourceLines), own.count == pipes {
                flags += own
            } else {
                flags += Array(repeating: false, count: pipes)
            }
        }
        return flags.contains(true) ? flags : []
    }

    /// Walks a text node's source (its line, its columns) beside its text: `\|` and an entity
    /// such as `&#124;` became a `|` that is text; a plain `|` is a boundary.
    private static func pipesFromSource(_ literal: String, _ node: CmarkNode, _ lines: [Substring]) -> [Bool]? {
        let line = node.startLine, first = node.startColumn, last = Int(cmark_node_get_end_column(node.pointer))
        guard line >= 1, line <= lines.count, node.endLine == line, first >= 1, last >= first else { return nil }
        let rawLine = Array(lines[line - 1].utf8)
        guard last <= rawLine.count else { return nil }
        let raw = rawLine[(first - 1)..<last]
        let text = Array(literal.utf8)
        let pipe = UInt8(ascii: "|")
        var i = raw.startIndex, j = 0
        var flags: [Bool] = []
        while i < raw.endIndex, j < text.count {
            let byte = raw[i]
            if byte == UInt8(ascii: "\\"), i + 1 < raw.endIndex, isASCIIPunctuation(raw[i + 1]) {
                guard text[j] == raw[i + 1] else { return nil }
                if text[j] == pipe { flags.append(true) }
                i += 2
                j += 1
            } else if byte == UInt8(ascii: "&"), let end = entityEnd(raw, from: i),
                      !text[j...].starts(with: raw[i...end]) {
                if text[j] == pipe { flags.append(true) }
                i = end + 1
                j += 1
                while j < text.count, text[j] & 0xC0 == 0x80 { j += 1 }
            } else {
                guard byte == text[j] else { return nil }
                if byte == pipe { flags.append(false) }
                i += 1
                j += 1
            }
        }
        return j == text.count ? flags : nil
    }

    private static func isASCIIPunctuation(_ byte: UInt8) -> Bool {
        (0x21...0x2F).contains(byte) || (0x3A...0x40).contains(byte) || (0x5B...0x60).contains(byte) || (0x7B...0x7E).contains(byte)
    }

    /// The index of the `;` ending `&name;`, `&#123;` or `&#x7C;` at `start`, or nil.
    private static func entityEnd(_ raw: ArraySlice<UInt8>, from start: Int) -> Int? {
        var index = start + 1
        while index < raw.endIndex, index - start <= 32 {
            let byte = raw[index]
            if byte == UInt8(ascii: ";") { return index > start + 1 ? index : nil }
            let isName = (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
                || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "#")
            guard isName else { return nil }
            index += 1
        }
        return nil
    }

    /// Replaces the text pipes by `heldPipe` so that cutting at `|` passes them by.
    private static func protect(_ paragraph: CmarkNode, _ flags: [Bool]) {
        var index = 0
        for child in paragraph.children where child.type == CMARK_NODE_TEXT {
            guard let literal = child.literal, literal.contains("|") else { continue }
            var changed = ""
            for character in literal {
                if character == "|" {
                    changed.append(index < flags.count && flags[index] ? heldPipe : "|")
                    index += 1
                } else {
                    changed.append(character)
                }
            }
            child.literal = changed
        }
    }

    /// Puts the held pipes back, wherever the cells took their text.
    private static func unprotect(_ root: CmarkNode) {
        for node in root.descendants() where node.type == CMARK_NODE_TEXT {
            if let literal = node.literal, literal.contains("\u{FFFF}") {
                node.literal = literal.replacingOccurrences(of: "\u{FFFF}", with: "|")
            }
        }
    }

    /// GitHub reads `\|` in a table's code span as `|`.
    private static func unescapeCodeSpans(_ paragraph: CmarkNode) {
        for child in paragraph.descendants() where child.type == CMARK_NODE_CODE {
            if let literal = child.literal, literal.contains("\\|") {
                child.literal = literal.replacingOccurrences(of: "\\|", with: "|")
            }
        }
    }

    /// `|:---|---:|` → alignments; nil when the line is not a delimiter row.
    private static func delimiterRow(_ line: [CmarkNode]) -> [Alignment]? {
        guard line.count == 1, line[0].type == CMARK_NODE_TEXT, let text = line[0].literal, text.contains("-") else { return nil }
        var parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingHorizontalWhitespace() }
        if parts.first == "" { parts.removeFirst() }
        if parts.last == "" { parts.removeLast() }
        guard !parts.isEmpty, text.contains("|") || parts.count == 1 else { return nil }
        var alignments: [Alignment] = []
        for part in parts {
            let left = part.hasPrefix(":")
            let right = part.hasSuffix(":")
            let dashes = part.drop { $0 == ":" }.reversed().drop { $0 == ":" }
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? .center : left ? .left : right ? .right : .none)
        }
        return alignments
    }

    /// How many cells `cells(of:)` would make, without changing the tree.
    private static func cellCount(of line: [CmarkNode]) -> Int {
        var pieces: [String] = [""]
        for node in line {
            guard node.type == CMARK_NODE_TEXT, let text = node.literal else {
                pieces[pieces.count - 1] += "x"
                continue
            }
            let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            pieces[pieces.count - 1] += parts[0]
            pieces += parts.dropFirst().map(String.init)
        }
        var count = pieces.count
        if count > 1, pieces.first?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { count -= 1 }
        if count > 1, pieces.last?.allSatisfy({ $0 == " " || $0 == "\t" }) == true { count -= 1 }
        return count
    }

    /// The line's inline nodes cut at `|` in text, leading and trailing pipes dropped.
    private static func cells(of line: [CmarkNode]) -> [[CmarkNode]] {
        var cells: [[CmarkNode]] = [[]]
        for node in line {
            guard node.type == CMARK_NODE_TEXT, let text = node.literal, text.contains("|") else {
                cells[cells.count - 1].append(node)
                continue
            }
            let pieces = text.split(separator: "|", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index > 0 { cells.append([]) }
                if !piece.isEmpty {
                    let part = CmarkNode.text(String(piece))
                    node.insertBefore(part)
                    cells[cells.count - 1].append(part)
                }
            }
            node.remove()
        }
        if let first = cells.first, isBlank(first), cells.count > 1 { cells.removeFirst() }
        if let last = cells.last, isBlank(last), cells.count > 1 { cells.removeLast() }
        return cells
    }

    private static func isBlank(_ cell: [CmarkNode]) -> Bool {
        cell.allSatisfy { $0.type == CMARK_NODE_TEXT && ($0.literal ?? "").allSatisfy { $0 == " " || $0 == "\t" } }
    }

    private static func row(_ cells: [[CmarkNode]], alignments: [Alignment], tag: String) -> CmarkNode {
        let row = CmarkNode.customBlock(enter: "<tr>", exit: "</tr>")
        for (index, alignment) in alignments.enumerated() {
            let style: String
            switch alignment {
            case .none: style = ""
            case .left: style = " style=\"text-align: left\""
            case .center: style = " style=\"text-align: center\""
            case .right: style = " style=\"text-align: right\""
            }
            let cell = CmarkNode.inlineBlock(enter: "<\(tag)\(style)>", exit: "</\(tag)>")
            let nodes = index < cells.count ? cells[index] : []
            for node in nodes {
                node.unlink()
                cell.content.append(node)
            }
            trimSpaces(cell.content)
            row.append(cell.block)
        }
        // Cells beyond the header's count are dropped, as GitHub does.
        for extra in cells.dropFirst(alignments.count) { for node in extra { node.remove() } }
        return row
    }

    private static func trimSpaces(_ cell: CmarkNode) {
        if let first = cell.firstChild, first.type == CMARK_NODE_TEXT, let text = first.literal {
            first.literal = String(text.drop { $0 == " " || $0 == "\t" })
        }
        if let last = cell.lastChild, last.type == CMARK_NODE_TEXT, let text = last.literal {
            var trimmed = Substring(text)
            while trimmed.last == " " || trimmed.last == "\t" { trimmed = trimmed.dropLast() }
            last.literal = String(trimmed)
        }
    }
}
