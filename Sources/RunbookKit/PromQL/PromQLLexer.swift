/// Splits a PromQL expression into tokens, following Prometheus' lexer: identifiers with
/// colons (`job:rate5m:sum`), decimal, hex, `Inf`/`NaN` numbers, durations (`1h30m`), the three
/// string quotes with Go's escapes, `#` comments. It never fails: an unknown byte or an
/// unterminated string becomes an error the parser reports at its offset.
public struct PromQLLexer {
    private let bytes: [UInt8]
    private var index = 0
    /// Inside `[…]` a colon separates range and step (`[5m:1m]`) instead of starting a name.
    private var bracketDepth = 0
    public private(set) var error: PromQLError?

    public init(_ source: String) {
        bytes = Array(source.utf8)
    }

    /// Every token including comments, then `.end`; stops at the first lexical error.
    public static func tokens(_ source: String) -> (tokens: [PromQLToken], error: PromQLError?) {
        var lexer = PromQLLexer(source)
        var tokens: [PromQLToken] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .end { break }
        }
        return (tokens, lexer.error)
    }

    private func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    private func byte(_ offset: Int) -> UInt8? { offset < bytes.count ? bytes[offset] : nil }

    static func isIdentifierStart(_ byte: UInt8) -> Bool {
        (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: ":")
    }

    static func isIdentifierPart(_ byte: UInt8) -> Bool { isIdentifierStart(byte) || isDigit(byte) }
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
    static func isHexDigit(_ byte: UInt8) -> Bool {
        isDigit(byte) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }

    public mutating func next() -> PromQLToken {
        if error != nil { return PromQLToken(.end, "", start: bytes.count, end: bytes.count) }
        while let current = byte(index), current == 0x20 || current == 0x09 || current == 0x0A || current == 0x0D {
            index += 1
        }
        let start = index
        guard let first = byte(index) else { return PromQLToken(.end, "", start: start, end: start) }

        if first == UInt8(ascii: "#") {
            while let current = byte(index), current != 0x0A { index += 1 }
            return PromQLToken(.comment, text(start, index), start: start, end: index)
        }
        if first == UInt8(ascii: ":"), bracketDepth > 0 {
            index += 1
            return PromQLToken(.punctuation, ":", start: start, end: index)
        }
        if Self.isIdentifierStart(first) {
            while let current = byte(index), Self.isIdentifierPart(current) { index += 1 }
            let word = text(start, index)
            if isInfOrNaN(start, index) { return PromQLToken(.number, word, start: start, end: index) }
            return PromQLToken(.identifier, word, start: start, end: index)
        }
        if Self.isDigit(first) || (first == UInt8(ascii: ".") && byte(index + 1).map(Self.isDigit) == true) {
            return number(from: start)
        }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") || first == UInt8(ascii: "`") {
            return string(from: start, quote: first)
        }
        if let second = byte(index + 1), Self.isTwoByteOperator(first, second) {
            index += 2
            return PromQLToken(.punctuation, text(start, index), start: start, end: index)
        }
        if first.isOne(of: "+-*/%^=><,(){}[]:@") {
            if first == UInt8(ascii: "[") { bracketDepth += 1 }
            if first == UInt8(ascii: "]") { bracketDepth = max(0, bracketDepth - 1) }
            index += 1
            return PromQLToken(.punctuation, text(start, index), start: start, end: index)
        }
        error = PromQLError(first == UInt8(ascii: "!")
            ? "unexpected character after '!': only != and !~ are operators"
            : "unexpected character \(Self.describe(bytes, at: start))", at: start)
        return PromQLToken(.end, "", start: start, end: start)
    }

    /// `==`, `!=`, `>=`, `<=`, `=~`, `!~`.
    private static func isTwoByteOperator(_ first: UInt8, _ second: UInt8) -> Bool {
        switch (first, second) {
        case (UInt8(ascii: "="), UInt8(ascii: "=")), (UInt8(ascii: "!"), UInt8(ascii: "=")), (UInt8(ascii: ">"), UInt8(ascii: "=")),
             (UInt8(ascii: "<"), UInt8(ascii: "=")), (UInt8(ascii: "="), UInt8(ascii: "~")), (UInt8(ascii: "!"), UInt8(ascii: "~")):
            return true
        default:
            return false
        }
    }

    /// Whether the identifier at `start..<end` is `Inf` or `NaN` in any case (ASCII: an
    /// identifier is), found by its bytes rather than a lower-cased copy.
    private func isInfOrNaN(_ start: Int, _ end: Int) -> Bool {
        guard end - start == 3 else { return false }
        let word = (bytes[start] | 0x20, bytes[start + 1] | 0x20, bytes[start + 2] | 0x20)
        return word == (UInt8(ascii: "i"), UInt8(ascii: "n"), UInt8(ascii: "f")) || word == (UInt8(ascii: "n"), UInt8(ascii: "a"), UInt8(ascii: "n"))
    }

    static func describe(_ bytes: [UInt8], at offset: Int) -> String {
        var end = offset + 1
        while end < bytes.count && bytes[end] & 0xC0 == 0x80 { end += 1 }
        let character = String(decoding: bytes[offset..<min(end, bytes.count)], as: UTF8.self)
        return "'\(character)'"
    }

    /// Decimal (`1`, `.5`, `1e-3`), hex (`0x1F`) or a duration (`5m`, `1h30m`, `500ms`).
    private mutating func number(from start: Int) -> PromQLToken {
        if byte(index) == UInt8(ascii: "0"), let x = byte(index + 1), x == UInt8(ascii: "x") || x == UInt8(ascii: "X"),
           byte(index + 2).map(Self.isHexDigit) == true {
            index += 2
            while let current = byte(index), Self.isHexDigit(current) { index += 1 }
            return finishNumber(from: start)
        }
        while let current = byte(index), Self.isDigit(current) || current == UInt8(ascii: "_") { index += 1 }
        // A duration: digits followed by a unit, repeated (`1h30m`).
        if let unit = unitLength(at: index), start < index, !text(start, index).contains("_") {
            index += unit
            while let current = byte(index), Self.isDigit(current) {
                let digitsStart = index
                while let digit = byte(index), Self.isDigit(digit) { index += 1 }
                guard let more = unitLength(at: index) else {
                    index = digitsStart
                    break
                }
                index += more
            }
            return finishNumber(from: start, duration: true)
        }
        var isFloat = false
        if byte(index) == UInt8(ascii: ".") {
            isFloat = true
            index += 1
            while let current = byte(index), Self.isDigit(current) { index += 1 }
        }
        if let e = byte(index), e == UInt8(ascii: "e") || e == UInt8(ascii: "E") {
            var cursor = index + 1
            if let sign = byte(cursor), sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") { cursor += 1 }
            if byte(cursor).map(Self.isDigit) == true {
                index = cursor
                while let current = byte(index), Self.isDigit(current) { index += 1 }
                isFloat = true
            }
        }
        _ = isFloat
        return finishNumber(from: start)
    }

    /// A number or duration must not run into letters (`5mx`, `1x`).
    private mutating func finishNumber(from start: Int, duration: Bool = false) -> PromQLToken {
        // (A colon may follow: `[5m:1m]`.)
        if let next = byte(index), next != UInt8(ascii: ":"), Self.isIdentifierPart(next) || next == UInt8(ascii: ".") {
            while let current = byte(index), current != UInt8(ascii: ":"), Self.isIdentifierPart(current) || current == UInt8(ascii: ".") { index += 1 }
            error = PromQLError("bad number or duration syntax: \"\(text(start, index))\"", at: start)
            return PromQLToken(.end, "", start: start, end: start)
        }
        let literal = text(start, index)
        if !duration, literal.contains("_") {
            error = PromQLError("bad number syntax: \"\(literal)\"", at: start)
            return PromQLToken(.end, "", start: start, end: start)
        }
        return PromQLToken(duration ? .duration : .number, literal, start: start, end: index)
    }

    /// `ms s m h d w y`: length of the unit at `offset`, nil when none.
    private func unitLength(at offset: Int) -> Int? {
        guard let first = byte(offset) else { return nil }
        let following = byte(offset + 1)
        if first == UInt8(ascii: "m"), following == UInt8(ascii: "s") { return 2 }
        if first.isOne(of: "smhdwy") { return 1 }
        return nil
    }

    /// A quoted string with Go's escapes; backticks are raw and may span lines.
    private mutating func string(from start: Int, quote: UInt8) -> PromQLToken {
        index += 1
        var value: [UInt8] = []
        while true {
            guard let current = byte(index) else {
                error = PromQLError("unterminated quoted string", at: start)
                return PromQLToken(.end, "", start: start, end: start)
            }
            if current == quote {
                index += 1
                return PromQLToken(.string, text(start, index), start: start, end: index,
                                   value: String(decoding: value, as: UTF8.self))
            }
            if quote == UInt8(ascii: "`") {
                value.append(current)
                index += 1
                continue
            }
            if current == 0x0A {
                error = PromQLError("unterminated quoted string", at: start)
                return PromQLToken(.end, "", start: start, end: start)
            }
            if current != UInt8(ascii: "\\") {
                value.append(current)
                index += 1
                continue
            }
            let escapeStart = index
            index += 1
            guard let escaped = byte(index) else { continue }
            index += 1
            switch escaped {
            case UInt8(ascii: "a"): value.append(0x07)
            case UInt8(ascii: "b"): value.append(0x08)
            case UInt8(ascii: "f"): value.append(0x0C)
            case UInt8(ascii: "n"): value.append(0x0A)
            case UInt8(ascii: "r"): value.append(0x0D)
            case UInt8(ascii: "t"): value.append(0x09)
            case UInt8(ascii: "v"): value.append(0x0B)
            case UInt8(ascii: "\\"): value.append(escaped)
            case quote: value.append(escaped)
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let count = escaped == UInt8(ascii: "x") ? 2 : escaped == UInt8(ascii: "u") ? 4 : 8
                var scalar: UInt32 = 0
                for _ in 0..<count {
                    guard let digit = byte(index), Self.isHexDigit(digit) else {
                        error = PromQLError("invalid escape sequence in string: expected \(count) hex digits", at: escapeStart)
                        return PromQLToken(.end, "", start: start, end: start)
                    }
                    scalar = scalar * 16 + UInt32(Self.hexValue(digit))
                    index += 1
                }
                if escaped == UInt8(ascii: "x") {
                    value.append(UInt8(scalar))
                } else if let unicode = UnicodeScalar(scalar) {
                    value.append(contentsOf: Array(String(Character(unicode)).utf8))
                } else {
                    error = PromQLError("invalid Unicode code point in escape sequence", at: escapeStart)
                    return PromQLToken(.end, "", start: start, end: start)
                }
            case UInt8(ascii: "0")...UInt8(ascii: "7"):
                var scalar = UInt32(escaped - 0x30)
                for _ in 0..<2 {
                    guard let digit = byte(index), digit >= 0x30 && digit <= 0x37 else {
                        error = PromQLError("invalid escape sequence in string: expected 3 octal digits", at: escapeStart)
                        return PromQLToken(.end, "", start: start, end: start)
                    }
                    scalar = scalar * 8 + UInt32(digit - 0x30)
                    index += 1
                }
                guard scalar <= 255 else {
                    error = PromQLError("octal escape value > 255", at: escapeStart)
                    return PromQLToken(.end, "", start: start, end: start)
                }
                value.append(UInt8(scalar))
            default:
                error = PromQLError("unknown escape sequence \(Self.describe(bytes, at: escapeStart + 1)) in string", at: escapeStart)
                return PromQLToken(.end, "", start: start, end: start)
            }
        }
    }

    static func hexValue(_ digit: UInt8) -> UInt8 {
        if isDigit(digit) { return digit - 0x30 }
        if digit >= 0x61 { return digit - 0x61 + 10 }
        return digit - 0x41 + 10
    }
}
