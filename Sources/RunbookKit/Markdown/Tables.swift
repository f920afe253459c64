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
enum Tables {
    enum Alignment { case none, left, center, right }

    static func apply(to nodes: [CmarkNode]) {
        for paragraph in nodes where paragraph.type == CMARK_NODE_PARAGRAPH {
            let lines = paragraph.inlineLines
            guard lines.count >= 2, let alignments = delimiterRow(lines[1]) else { continue }
            guard cellCount(of: lines[0]) == alignments.count else { continue }
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
