/// Finds shortcode tags in a page body, following Hugo: `{{%` or `{{<` opens a tag anywhere
/// (code blocks included), `{{%/* … */%}}` prints the tag literally, and every other `{{ … }}`
/// (Go-template text such as `{{ $labels.instance }}`) is plain text.
struct ShortcodeScanner {
    enum Piece: Sendable, Equatable {
        case text(Range<Int>)
        /// Text to print instead of an escaped tag, and the tag's range.
        case literal(String, Range<Int>)
        case shortcode(Shortcode)
        /// A tag that could not be read; the message says why.
        case malformed(String, Range<Int>)
    }

    private let bytes: [UInt8]
    /// Scans that found nothing, remembered so that a page of thousands of unclosed `{{%` is not
    /// read to its end once per `{{%` (quadratic: minutes for a few megabytes).
    private let memo = Memo()

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    private final class Memo {
        /// An escaped tag searched from here on finds no `*/%}}` (per closer byte).
        var escapeUnclosedFrom: [UInt8: Int] = [:]
        /// The last name or bare-value run: from `start` it stopped at `end`, and so does any run
        /// starting in between, as where a run stops depends only on the bytes there.
        var runs: [Int: (start: Int, end: Int)] = [:]
        /// A quoted value starting in this range is unterminated (per quote byte).
        var unterminated: [UInt8: Range<Int>] = [:]
    }

    func scan() -> [Piece] {
        var pieces: [Piece] = []
        var textStart = 0
        var index = 0
        let count = bytes.count
        while index + 2 < count {
            // Straight to the next `{`: nearly all of a body is plain text.
            guard let brace = bytes.withUnsafeBufferPointer({ firstOffset(of: UInt8(ascii: "{"), in: $0, from: index) }),
                  brace + 2 < count else { break }
            index = brace
            guard bytes[index + 1] == UInt8(ascii: "{"),
                  bytes[index + 2] == UInt8(ascii: "%") || bytes[index + 2] == UInt8(ascii: "<")
            else {
                index += 1
                continue
            }
            let delimiter: Shortcode.Delimiter = bytes[index + 2] == UInt8(ascii: "%") ? .markdown : .html
            if textStart < index { pieces.append(.text(textStart..<index)) }
            let (piece, end) = readTag(from: index, delimiter: delimiter)
            pieces.append(piece)
            index = end
            textStart = end
        }
        if textStart < count { pieces.append(.text(textStart..<count)) }
        return pieces
    }

    private func closer(_ delimiter: Shortcode.Delimiter) -> UInt8 {
        delimiter == .markdown ? UInt8(ascii: "%") : UInt8(ascii: ">")
    }

    /// Reads the tag that starts at `start` (`{{%` or `{{<`); returns the piece and where text resumes.
    private func readTag(from start: Int, delimiter: Shortcode.Delimiter) -> (Piece, Int) {
        var index = start + 3
        skipSpaces(&index)
        let close = closer(delimiter)

        // `{{%/* … */%}}`: Hugo's way of showing a tag without running it.
        if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "/"), bytes[index + 1] == UInt8(ascii: "*") {
            let innerStart = index + 2
            var cursor = innerStart
            if let from = memo.escapeUnclosedFrom[close], innerStart >= from { cursor = bytes.count }
            while cursor + 1 < bytes.count {
                if bytes[cursor] == UInt8(ascii: "*"), bytes[cursor + 1] == UInt8(ascii: "/") {
                    var after = cursor + 2
                    skipSpaces(&after)
                    if isTagEnd(at: after, close: close) {
                        let opener = delimiter == .markdown ? "{{%" : "{{<"
                        let closer = delimiter == .markdown ? "%}}" : ">}}"
                        let inner = String(decoding: bytes[innerStart..<cursor], as: UTF8.self)
                        return (.literal(opener + inner + closer, start..<(after + 3)), after + 3)
                    }
                }
                cursor += 1
            }
            memo.escapeUnclosedFrom[close] = min(innerStart, memo.escapeUnclosedFrom[close] ?? innerStart)
            return (.malformed("an escaped shortcode `{{%/*` is not closed by `*/%}}`", start..<(start + 3)), start + 3)
        }

        var isClosing = false
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            isClosing = true
            index += 1
            skipSpaces(&index)
        }
        let nameStart = index
        index = run(from: index, close: close, stopAtEquals: false)
        // A name is a word; a longer run (`{{%{{%{{%…`) is not a shortcode, and copying it into
        // every opener's message would cost memory quadratic in the run's length.
        guard index - nameStart <= Self.maxNameLength else {
            return (.malformed("`{{\(delimiter == .markdown ? "%" : "<")` is not followed by a shortcode name (a word of at most \(Self.maxNameLength) characters)",
                               start..<(start + 3)), start + 3)
        }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard !name.isEmpty else {
            return (.malformed("a shortcode needs a name after `{{\(delimiter == .markdown ? "%" : "<")`", start..<(start + 3)), start + 3)
        }

        var positional: [String] = []
        var named: [(key: String, value: String)] = []
        var isSelfClosing = false
        while true {
            skipSpaces(&index)
            guard index < bytes.count else {
                return (.malformed("shortcode `\(name)` is not closed by `\(delimiter == .markdown ? "%}}" : ">}}")`", start..<(start + 3)), start + 3)
            }
            if isTagEnd(at: index, close: close) {
                index += 3
                break
            }
            if bytes[index] == UInt8(ascii: "/"), isTagEnd(at: index + 1, close: close) {
                isSelfClosing = true
                index += 4
                break
            }
            // A tag of the other kind's closer (`{{% x >}}`), or a stray brace: not a tag we can read.
            if bytes[index] == UInt8(ascii: "}") || (bytes[index] == UInt8(ascii: "{") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "{")) {
                return (.malformed("shortcode `\(name)` is not closed by `\(delimiter == .markdown ? "%}}" : ">}}")`", start..<(start + 3)), start + 3)
            }
            guard let (first, afterFirst) = readValue(at: index, close: close) else {
                return (.malformed("shortcode `\(name)` has an unterminated quoted argument", start..<(start + 3)), start + 3)
            }
            index = afterFirst
            if index < bytes.count, bytes[index] == UInt8(ascii: "="), first.wasBare {
                guard let (value, afterValue) = readValue(at: index + 1, close: close) else {
                    return (.malformed("shortcode `\(name)` has an unterminated quoted argument", start..<(start + 3)), start + 3)
                }
                named.append((first.text, value.text))
                index = afterValue
            } else {
                positional.append(first.text)
            }
        }
        let tag = Shortcode(name: name, delimiter: delimiter, isClosing: isClosing, isSelfClosing: isSelfClosing,
                            positional: positional, named: named, range: start..<index)
        return (.shortcode(tag), index)
    }

    private struct Value {
        var text: String
        var wasBare: Bool
    }

    /// A quoted ("…" with backslash escapes, or `…` raw) or bare argument.
    private func readValue(at start: Int, close: UInt8) -> (Value, Int)? {
        guard start < bytes.count else { return nil }
        let quote = bytes[start]
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "`") {
            // Where a quoted value ends does not depend on where it started within a value
            // already found unterminated: an earlier quote there was escaped.
            if let known = memo.unterminated[quote], known.contains(start + 1) { return nil }
            var result: [UInt8] = []
            var index = start + 1
            while index < bytes.count {
                let byte = bytes[index]
                if byte == quote { return (Value(text: String(decoding: result, as: UTF8.self), wasBare: false), index + 1) }
                if byte == UInt8(ascii: "\n") && quote == UInt8(ascii: "\"") {
                    memo.unterminated[quote] = (start + 1)..<index
                    return nil
                }
                if byte == UInt8(ascii: "\\"), quote == UInt8(ascii: "\""), index + 1 < bytes.count {
                    index += 1
                    result.append(bytes[index])
                } else {
                    result.append(byte)
                }
                index += 1
            }
            memo.unterminated[quote] = (start + 1)..<bytes.count
            return nil
        }
        let index = run(from: start, close: close, stopAtEquals: true)
        guard index > start else { return nil }
        return (Value(text: String(decoding: bytes[start..<index], as: UTF8.self), wasBare: true), index)
    }

    /// Where a tag name (or a bare value, which also stops at `=`) that starts at `start` ends:
    /// at a space, the tag's end or `/` before it.
    static let maxNameLength = 64

    private func run(from start: Int, close: UInt8, stopAtEquals: Bool) -> Int {
        let key = Int(close) << 1 | (stopAtEquals ? 1 : 0)
        if let known = memo.runs[key], known.start <= start, start < known.end { return known.end }
        var index = start
        while index < bytes.count, !isSpace(bytes[index]), !(stopAtEquals && bytes[index] == UInt8(ascii: "=")),
              !isTagEnd(at: index, close: close),
              !(bytes[index] == UInt8(ascii: "/") && isTagEnd(at: index + 1, close: close)) {
            index += 1
        }
        memo.runs[key] = (start, index)
        return index
    }

    private func isTagEnd(at index: Int, close: UInt8) -> Bool {
        index + 2 < bytes.count && bytes[index] == close && bytes[index + 1] == UInt8(ascii: "}") && bytes[index + 2] == UInt8(ascii: "}")
    }

    private func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n")
    }

    private func skipSpaces(_ index: inout Int) {
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
    }
}
