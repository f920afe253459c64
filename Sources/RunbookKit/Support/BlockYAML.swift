import Yams

/// A reader for the block YAML that rule files are written in — nested `key: value` mappings,
/// `- ` lists, plain and single-line quoted scalars, `|` and `|-` literal blocks, comments —
/// that builds the same `Node`s, marks included, as Yams does without running libyaml's
/// scanner and Yams' composer (with the budget's pre-pass, 4% of a cold corpus build). Like
/// `SimpleYAML`, it answers only when it is sure: anything else (flow collections, anchors,
/// aliases, tags, folded or kept blocks, multi-line plain or quoted scalars, escapes, tabs,
/// duplicate keys, several documents, odd indentation) returns nil and the text goes through
/// Yams. Tests check it agrees with Yams on every rule file of the corpus and on thousands of
/// mutations of them.
enum BlockYAML {
    /// The text's one document, or nil: use Yams. Collections nested deeper than `maxDepth`
    /// are left to Yams too (whose budget check refuses them).
    static func compose(_ text: String, maxDepth: Int) -> Node? {
        guard let mark = MarkMaker() else { return nil }
        var text = text
        return text.withUTF8 { bytes -> Node? in
            guard isPlainText(bytes) else { return nil }
            var reader = Reader(bytes: bytes, maxDepth: maxDepth, mark: mark)
            return reader.document()
        }
    }

    /// No byte libyaml treats otherwise than this reader: controls (tab and `\r` included),
    /// DEL, C1 controls (NEL is a line break to libyaml), U+2028/U+2029, a byte order mark,
    /// U+FFFE/U+FFFF.
    private static func isPlainText(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            if byte < 0x80 {
                if (byte < 0x20 && byte != 0x0A) || byte == 0x7F { return false }
                index += 1
                continue
            }
            let next = index + 1 < count ? bytes[index + 1] : 0
            let third = index + 2 < count ? bytes[index + 2] : 0
            switch byte {
            case 0xC2 where next < 0xA0: return false
            case 0xE2 where next == 0x80 && (third == 0xA8 || third == 0xA9): return false
            case 0xEF where (next == 0xBB && third == 0xBF) || (next == 0xBF && third >= 0xBE): return false
            default: break
            }
            index += 1
        }
        return true
    }

    /// Yams' `Mark` has no public initializer; it is two `Int`s, line then column, and is
    /// made from that layout. A test checks the fields read back; if the layout ever
    /// changes size, this reader steps aside.
    struct MarkMaker {
        private struct Layout {
            let line: Int
            let column: Int
        }

        init?() {
            guard MemoryLayout<Mark>.size == MemoryLayout<Layout>.size,
                  MemoryLayout<Mark>.alignment == MemoryLayout<Layout>.alignment else { return nil }
        }

        func callAsFunction(line: Int, column: Int) -> Mark {
            unsafeBitCast(Layout(line: line, column: column), to: Mark.self)
        }
    }

    private struct Line {
        let start: Int
        let end: Int  // the `\n` or the end of the text
        let indent: Int  // leading spaces
        var isBlank: Bool { start + indent == end }
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        let maxDepth: Int
        let mark: MarkMaker
        var lines: [Line] = []

        init(bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int, mark: MarkMaker) {
            self.bytes = bytes
            self.maxDepth = maxDepth
            self.mark = mark
            var start = 0
            while start <= bytes.count {
                var end = start
                while end < bytes.count && bytes[end] != 0x0A { end += 1 }
                var indent = 0
                while start + indent < end && bytes[start + indent] == 0x20 { indent += 1 }
                lines.append(Line(start: start, end: end, indent: indent))
                start = end + 1
            }
            // A text ending in `\n` has no line after it.
            if bytes.last == 0x0A { lines.removeLast() }
        }

        private func byte(_ line: Int, _ column: Int) -> UInt8? {
            let offset = lines[line].start + column
            return offset < lines[line].end ? bytes[offset] : nil
        }

        /// A line that holds a node: not blank, not a comment.
        private func isContent(_ line: Int) -> Bool {
            !lines[line].isBlank && byte(line, lines[line].indent) != UInt8(ascii: "#")
        }

        private func nextContent(after line: Int) -> Int? {
            var next = line + 1
            while next < lines.count {
                if isContent(next) { return next }
                next += 1
            }
            return nil
        }

        private func nodeMark(_ line: Int, _ column: Int) -> Mark { mark(line: line + 1, column: column + 1) }

        private func text(_ line: Int, _ from: Int, _ to: Int) -> String {
            let start = lines[line].start
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + from)..<(start + to)]), as: UTF8.self)
        }

        mutating func document() -> Node? {
            guard let first = (0..<lines.count).first(where: isContent) else { return nil }
            // `---`, `...` and `%` directives: several documents, or what this reader does not do.
            for line in lines.indices where lines[line].indent == 0 {
                guard let lead = byte(line, 0) else { continue }
                if lead == UInt8(ascii: "%") { return nil }
                if lead == UInt8(ascii: "-") || lead == UInt8(ascii: "."), lines[line].end - lines[line].start >= 3,
                   byte(line, 1) == lead, byte(line, 2) == lead { return nil }
            }
            var line = first
            guard let root = collection(at: &line, column: lines[first].indent, depth: 1) else { return nil }
            // Nothing may follow the root.
            return line == lines.count ? root : nil
        }

        /// A mapping or list that starts at `column` of `line`; `line` ends past its last line
        /// (at the next content line, or `lines.count`).
        private mutating func collection(at line: inout Int, column: Int, depth: Int) -> Node? {
            guard depth <= maxDepth else { return nil }
            if isDash(line, column) { return sequence(at: &line, column: column, depth: depth) }
            return mapping(at: &line, column: column, depth: depth)
        }

        private func isDash(_ line: Int, _ column: Int) -> Bool {
            byte(line, column) == UInt8(ascii: "-") && (byte(line, column + 1) ?? 0x20) == 0x20
        }

        /// The end of a `key:` at `column`: the colon's column, or nil if this is not a key this reader takes.
        private func keyEnd(_ line: Int, _ column: Int) -> Int? {
            var end = column
            while let byte = byte(line, end), isKeyByte(byte) { end += 1 }
            guard end > column, byte(line, end) == UInt8(ascii: ":"), (byte(line, end + 1) ?? 0x20) == 0x20,
                  byte(line, column) != UInt8(ascii: "-") else { return nil }
            return end
        }

        private func isKeyByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "_"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "/"):
                return true
            default:
                return false
            }
        }

        private mutating func mapping(at line: inout Int, column: Int, depth: Int) -> Node? {
            let start = nodeMark(line, column)
            var pairs: [(Node, Node)] = []
            var keys: Set<String> = []
            var first = true
            while true {
                // Each key after the first starts its own line, at the mapping's column.
                if !first {
                    guard line < lines.count, lines[line].indent == column, !isDash(line, column) else { break }
                }
                first = false
                guard let colon = keyEnd(line, column) else { return nil }
                let key = text(line, column, colon)
                guard keys.insert(key).inserted else { return nil }  // Yams refuses it, with its message
                let keyNode = Node.scalar(.init(key, tag(), .plain, nodeMark(line, column)))
                guard let value = value(at: &line, column: skipSpaces(line, colon + 1), parentIndent: column,
                                        sameLineAsKey: true, depth: depth) else { return nil }
                pairs.append((keyNode, value))
                // A value more indented than its key, left over: a continuation this reader does not join.
                if line < lines.count, lines[line].indent > column { return nil }
            }
            // Yams reads a collection's style from its end event, which has none: `.any`.
            return .mapping(.init(pairs, tag(), .any, start))
        }

        private mutating func sequence(at line: inout Int, column: Int, depth: Int) -> Node? {
            let start = nodeMark(line, column)
            var items: [Node] = []
            while line < lines.count, lines[line].indent == column || items.isEmpty, isDash(line, column) {
                let content = skipSpaces(line, column + 1)
                guard content < lines[line].end - lines[line].start, byte(line, content) != UInt8(ascii: "#") else { return nil }
                let item: Node?
                if keyEnd(line, content) != nil {
                    item = mapping(at: &line, column: content, depth: depth + 1)
                } else if isDash(line, content) || depth + 1 > maxDepth {
                    return nil
                } else {
                    item = value(at: &line, column: content, parentIndent: column, sameLineAsKey: false, depth: depth)
                }
                guard let item else { return nil }
                items.append(item)
                if line < lines.count, lines[line].indent > column { return nil }
            }
            return .sequence(.init(items, tag(), .any, start))  // as Yams has it (see `mapping`)
        }

        private func skipSpaces(_ line: Int, _ column: Int) -> Int {
            var column = column
            while byte(line, column) == 0x20 { column += 1 }
            return column
        }

        /// The value that starts at `column` of `line` (after a key's colon, or a dash), or on
        /// the lines below when the rest of the line is empty; `line` ends at the next content line.
        private mutating func value(at line: inout Int, column: Int, parentIndent: Int, sameLineAsKey: Bool, depth: Int) -> Node? {
            guard let lead = byte(line, column), lead != UInt8(ascii: "#") else {
                // Nothing after the key: the value is the block below, more indented, or a list at the key's column.
                guard sameLineAsKey, let next = nextContent(after: line) else { return nil }
                let indent = lines[next].indent
                guard indent > parentIndent || (indent == parentIndent && isDash(next, indent)) else { return nil }
                line = next
                return collection(at: &line, column: indent, depth: depth + 1)
            }
            let scalar: Node?
            switch lead {
            case UInt8(ascii: "|"): return literal(at: &line, column: column, parentIndent: parentIndent)
            case UInt8(ascii: "["), UInt8(ascii: "{"): scalar = emptyFlow(line, column)
            case UInt8(ascii: "'"), UInt8(ascii: "\""): scalar = quoted(line, column)
            default: scalar = plain(line, column)
            }
            guard let scalar else { return nil }
            line = nextContent(after: line) ?? lines.count
            return scalar
        }

        /// `[]` or `{}` with nothing after it (`rules: []`): an empty list or mapping.
        private func emptyFlow(_ line: Int, _ column: Int) -> Node? {
            let open = byte(line, column)
            let close = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
            guard byte(line, column + 1) == close, skipSpaces(line, column + 2) == lines[line].end - lines[line].start else { return nil }
            let mark = nodeMark(line, column)
            return open == UInt8(ascii: "[") ? .sequence(.init([], tag(), .any, mark)) : .mapping(.init([], tag(), .any, mark))
        }

        /// A plain scalar that ends with its line.
        private func plain(_ line: Int, _ column: Int) -> Node? {
            guard let lead = byte(line, column) else { return nil }
            switch lead {
            case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
                 UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                 UInt8(ascii: "`"):
                return nil
            default: break
            }
            let length = lines[line].end - lines[line].start
            var end = length
            while end > column && byte(line, end - 1) == 0x20 { end -= 1 }
            // `: ` or a final `:` (a key where none may be), ` #` (a comment).
            guard byte(line, end - 1) != UInt8(ascii: ":") else { return nil }
            var index = column
            while index < end - 1 {
                let byte = byte(line, index), following = self.byte(line, index + 1)
                if byte == UInt8(ascii: ":") && following == 0x20 { return nil }
                if byte == 0x20 && following == UInt8(ascii: "#") { return nil }
                index += 1
            }
            return .scalar(.init(text(line, column, end), tag(), .plain, nodeMark(line, column)))
        }

        /// A quoted scalar that closes on its line, with nothing but spaces after it; a
        /// double-quoted one without escapes.
        private func quoted(_ line: Int, _ column: Int) -> Node? {
            guard let quote = byte(line, column) else { return nil }
            let length = lines[line].end - lines[line].start
            var value: [UInt8] = []
            var index = column + 1
            var closed = false
            while index < length, let byte = byte(line, index) {
                if byte == quote {
                    if quote == UInt8(ascii: "'"), self.byte(line, index + 1) == quote {
                        value.append(quote)
                        index += 2
                        continue
                    }
                    closed = true
                    index += 1
                    break
                }
                if byte == UInt8(ascii: "\\") && quote == UInt8(ascii: "\"") {
                    guard let escaped = self.byte(line, index + 1).flatMap(Self.unescaped) else { return nil }
                    value.append(escaped)
                    index += 2
                    continue
                }
                value.append(byte)
                index += 1
            }
            guard closed, skipSpaces(line, index) == length else { return nil }
            // libyaml folds spaces at a quoted scalar's line ends; on one line there are none to fold.
            let style: Node.Scalar.Style = quote == UInt8(ascii: "'") ? .singleQuoted : .doubleQuoted
            return .scalar(.init(String(decoding: value, as: UTF8.self), tag(), style, nodeMark(line, column)))
        }

        /// The byte a one-character escape of a double-quoted scalar stands for; nil for the
        /// escapes of more than ASCII (`\\x`, `\\u`, `\\N`, …), left to Yams.
        private static func unescaped(_ byte: UInt8) -> UInt8? {
            switch byte {
            case UInt8(ascii: "0"): return 0x00
            case UInt8(ascii: "a"): return 0x07
            case UInt8(ascii: "b"): return 0x08
            case UInt8(ascii: "t"): return 0x09
            case UInt8(ascii: "n"): return 0x0A
            case UInt8(ascii: "v"): return 0x0B
            case UInt8(ascii: "f"): return 0x0C
            case UInt8(ascii: "r"): return 0x0D
            case UInt8(ascii: "e"): return 0x1B
            case UInt8(ascii: " "), UInt8(ascii: "\""), UInt8(ascii: "/"), UInt8(ascii: "\\"): return byte
            default: return nil
            }
        }

        /// `|` or `|-` with nothing after it, then lines more indented than its parent.
        private mutating func literal(at line: inout Int, column: Int, parentIndent: Int) -> Node? {
            let header = line
            let length = lines[header].end - lines[header].start
            var after = column + 1
            let strip = byte(header, after) == UInt8(ascii: "-")
            if strip { after += 1 }
            guard skipSpaces(header, after) == length else { return nil }  // `|+`, `|2`, a comment
            // The first line below sets the indentation; blank lines before it are left to Yams.
            let first = header + 1
            guard first < lines.count, !lines[first].isBlank, lines[first].indent > parentIndent else { return nil }
            let indent = lines[first].indent
            var content: [UInt8] = []
            var trailingBreaks = 0
            var current = first
            var last = first
            while current < lines.count {
                let row = lines[current]
                if row.isBlank {
                    // Spaces past the indentation would be text.
                    guard row.end - row.start <= indent else { return nil }
                    trailingBreaks += 1
                    current += 1
                    continue
                }
                if row.indent < indent { break }
                if current > first {
                    for _ in 0...trailingBreaks { content.append(0x0A) }
                }
                trailingBreaks = 0
                content.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[(row.start + indent)..<row.end]))
                last = current
                current += 1
            }
            // Clip keeps the last line's break: the text must have one.
            if !strip {
                guard lines[last].end < bytes.count else { return nil }
                content.append(0x0A)
            }
            line = current
            // Whatever ends the block must be a content line or the end; a comment there is a line of its own.
            if line < lines.count, !isContent(line) { line = nextContent(after: line) ?? lines.count }
            return .scalar(.init(String(decoding: content, as: UTF8.self), tag(), .literal, nodeMark(header, column)))
        }

        /// A node's tag as Yams' parser makes it: one per node (resolving it changes it).
        private func tag() -> Tag { Tag(.implicit, Resolver.basic, Self.constructor) }

        nonisolated(unsafe) private static let constructor = Constructor([:], [:], [:])
    }
}
