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
/// the text around it by the time we see the tree, so the paragraph's source lines are parsed
/// once more, unmerged, to learn which `|` came from an escape (or an entity such as `&#124;`).
enum Tables {
    enum Alignment { case none, left, center, right }

    /// - Parameter source: the Markdown the nodes were parsed from (their line numbers index it).
    static func apply(to nodes: [CmarkNode], source: String = "") {
        var sourceLines: [Substring]?
        for paragraph in nodes where paragraph.type == CMARK_NODE_PARAGRAPH {
            var lines = paragraph.inlineLines
            guard lines.count >= 2, lines[1].count == 1, lines[1][0].type == CMARK_NODE_TEXT,
                  lines[1][0].literal?.contains("-") == true else { continue }
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
    }


    /// Stands in for a `|` that is part of a cell's text while the row is cut into cells (a
    /// noncharacter: text has no business holding it; if it does, it shows as `|` here).
    private static let heldPipe: Character = "\u{FFFF}"

    /// For each `|` in the paragraph's text children, in order, whether it is text (escaped or
    /// an entity) rather than a cell boundary; empty when none is, or when the second parse
    /// does not line up with the first.
    private static func literalPipes(in paragraph: CmarkNode, sourceLines: [Substring]) -> [Bool] {
        let first = paragraph.startLine, last = paragraph.endLine
        guard first >= 1, last >= first, last <= sourceLines.count else { return [] }
        let text = sourceLines[(first - 1)..<last].joined(separator: "\n")
        guard text.contains("\\|") || text.contains("&") else { return [] }
        guard let root = text.withCString({ cmark_parse_document($0, strlen($0), CMARK_OPT_DEFAULT) }) else { return [] }
        defer { cmark_node_free(root) }
        guard let again = CmarkNode(root).descendants().first(where: { $0.type == CMARK_NODE_PARAGRAPH }) else { return [] }
        var flags: [Bool] = []
        for child in again.children where child.type == CMARK_NODE_TEXT {
            guard let literal = child.literal else { continue }
            let span = Int(cmark_node_get_end_column(child.pointer)) - Int(cmark_node_get_start_column(child.pointer)) + 1
            // An escape or entity is a node of its own whose source is longer than its text.
            let isLiteral = literal == "|" && span > 1
            for character in literal where character == "|" { flags.append(isLiteral) }
        }
        guard flags.contains(true) else { return [] }
        let expected = paragraph.children.filter { $0.type == CMARK_NODE_TEXT }
            .reduce(0) { $0 + ($1.literal ?? "").filter { $0 == "|" }.count }
        return flags.count == expected ? flags : []
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
        var parts = text.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
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
