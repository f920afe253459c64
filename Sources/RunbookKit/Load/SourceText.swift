#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Turns file bytes into the text every later stage reads: a UTF-8 byte-order mark dropped,
/// CRLF and lone CR line ends made `\n` (line numbers stay the same).
///
/// Every byte sequence either becomes text or gets a located diagnostic (`read`/`decode(_:as:file:)`):
/// - invalid UTF-8: error `file-encoding` at the first bad byte; the file is not used.
/// - NUL: read as U+FFFD (what CommonMark prescribes) with a `control-character` warning.
/// - U+2028, U+2029, NEL in YAML files: YAML 1.1 (libyaml) breaks lines there; they become `\n`
///   so our line numbers and libyaml's agree, with an `unusual-line-break` warning. In Markdown
///   they are ordinary characters, as for cmark, Hugo and GitHub, and pass through unchanged.
enum SourceText {
    enum Kind: Sendable { case markdown, yaml }

    static func decode(_ bytes: [UInt8]) -> String {
        decodeChecked(bytes).text
    }

    /// The text, and whether the bytes were valid UTF-8 (invalid sequences become U+FFFD).
    static func decodeChecked(_ bytes: [UInt8]) -> (text: String, isValidUTF8: Bool) {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        let valid = String(validating: slice, as: UTF8.self) != nil
        return (String(decoding: normalised(slice, kind: .markdown, file: "").bytes, as: UTF8.self), valid)
    }

    /// Reads a file (`file` is how diagnostics name it), refusing one larger than `limit` bytes
    /// before reading it. `limitKey` names the setting that raises the cap.
    static func read(_ absolutePath: String, as kind: Kind, file: String, limit: Int,
                     limitKey: String) -> (text: String?, diagnostics: [Diagnostic]) {
        let bytes: [UInt8]
        do {
            switch try FileSystem.readBytes(absolutePath, limit: limit) {
            case .bytes(let read): bytes = read
            case .tooLarge(let size): return (nil, [tooLarge(size: size, limit: limit, file: file, limitKey: limitKey)])
            }
        } catch {
            return (nil, [Diagnostic(.fileUnreadable, "\(error)", at: SourceLocation(file: file))])
        }
        // The file may have grown since `stat`.
        if bytes.count > limit { return (nil, [tooLarge(size: bytes.count, limit: limit, file: file, limitKey: limitKey)]) }
        return decode(bytes, as: kind, file: file)
    }

    private static func tooLarge(size: Int, limit: Int, file: String, limitKey: String) -> Diagnostic {
        let advice = limitKey.isEmpty ? "make it smaller" : "split it, or raise `\(limitKey)` in config.yaml"
        return Diagnostic(.fileTooLarge, "file is \(grouped(size)) bytes, over the cap of \(grouped(limit)) bytes; \(advice)",
                          at: SourceLocation(file: file))
    }

    /// The text and its warnings, or nil and the error when the bytes are not UTF-8.
    static func decode(_ bytes: [UInt8], as kind: Kind, file: String) -> (text: String?, diagnostics: [Diagnostic]) {
        var slice = bytes[...]
        if slice.starts(with: [0xEF, 0xBB, 0xBF]) { slice = slice.dropFirst(3) }
        if String(validating: slice, as: UTF8.self) == nil {
            let offset = firstInvalidByte(slice)
            let position = Position.of(offset: offset, in: slice, kind: kind)
            let byte = offset < slice.count ? slice[slice.startIndex + offset] : 0
            let hex = String(byte, radix: 16, uppercase: true)
            return (nil, [Diagnostic(.fileEncoding,
                "byte 0x\(hex.count == 1 ? "0" + hex : hex) is not valid UTF-8 here; save the file as UTF-8",
                at: SourceLocation(file: file, line: position.line, column: position.column))])
        }
        let result = normalised(slice, kind: kind, file: file)
        return (String(decoding: result.bytes, as: UTF8.self), result.diagnostics)
    }

    /// Line ends made `\n`; NUL made U+FFFD; in YAML, NEL/LS/PS made `\n`.
    private static func normalised(_ slice: ArraySlice<UInt8>, kind: Kind, file: String) -> (bytes: ArraySlice<UInt8>, diagnostics: [Diagnostic]) {
        let unusual = kind == .yaml && (slice.containsByte(0x85) || slice.containsByte(0xA8) || slice.containsByte(0xA9))
        guard slice.containsByte(UInt8(ascii: "\r")) || slice.containsByte(0) || unusual else { return (slice, []) }
        var output = [UInt8]()
        output.reserveCapacity(slice.count + 8)
        var position = Position()
        var firstNUL: Position?
        var nulCount = 0
        var firstBreak: (Position, String)?
        var index = slice.startIndex
        while index < slice.endIndex {
            let byte = slice[index]
            if byte == UInt8(ascii: "\r") {
                output.append(UInt8(ascii: "\n"))
                position.newLine()
                if index + 1 < slice.endIndex, slice[index + 1] == UInt8(ascii: "\n") { index += 1 }
                index += 1
                continue
            }
            if byte == 0 {
                if firstNUL == nil { firstNUL = position }
                nulCount += 1
                output += [0xEF, 0xBF, 0xBD]
                position.column += 1
                index += 1
                continue
            }
            if kind == .yaml, let length = unusualBreak(slice, at: index) {
                if firstBreak == nil {
                    firstBreak = (position, length == 2 ? "NEL (U+0085)" : slice[index + 2] == 0xA8 ? "U+2028 LINE SEPARATOR" : "U+2029 PARAGRAPH SEPARATOR")
                }
                output.append(UInt8(ascii: "\n"))
                position.newLine()
                index += length
                continue
            }
            output.append(byte)
            if byte == UInt8(ascii: "\n") { position.newLine() } else if byte & 0xC0 != 0x80 { position.column += 1 }
            index += 1
        }
        var diagnostics: [Diagnostic] = []
        if let nul = firstNUL {
            let more = nulCount > 1 ? " (and \(nulCount - 1) more)" : ""
            diagnostics.append(Diagnostic(.controlCharacter, "NUL byte\(more), read as U+FFFD; remove it",
                                          at: SourceLocation(file: file, line: nul.line, column: nul.column)))
        }
        if let (at, name) = firstBreak {
            diagnostics.append(Diagnostic(.unusualLineBreak,
                "\(name) ends a line for YAML 1.1 (and runbook) but not for YAML 1.2 readers such as Prometheus; replace it with a newline",
                at: SourceLocation(file: file, line: at.line, column: at.column)))
        }
        return (output[...], diagnostics)
    }

    /// The byte length of NEL (C2 85), LS (E2 80 A8) or PS (E2 80 A9) at `index`, or nil.
    private static func unusualBreak(_ slice: ArraySlice<UInt8>, at index: Int) -> Int? {
        let byte = slice[index]
        if byte == 0xC2, index + 1 < slice.endIndex, slice[index + 1] == 0x85 { return 2 }
        if byte == 0xE2, index + 2 < slice.endIndex, slice[index + 1] == 0x80,
           slice[index + 2] == 0xA8 || slice[index + 2] == 0xA9 { return 3 }
        return nil
    }

    /// The offset of the first byte that does not start (or continue) a valid UTF-8 sequence.
    private static func firstInvalidByte(_ slice: ArraySlice<UInt8>) -> Int {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = slice.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return offset
            case .error: return offset
            }
        }
    }

    /// A 1-based line and column (in Unicode scalars), counted as the normalised text has them.
    struct Position {
        var line = 1
        var column = 1

        mutating func newLine() {
            line += 1
            column = 1
        }

        static func of(offset: Int, in slice: ArraySlice<UInt8>, kind: Kind) -> Position {
            var position = Position()
            var index = slice.startIndex
            let end = slice.startIndex + offset
            while index < end {
                let byte = slice[index]
                if byte == UInt8(ascii: "\r") {
                    position.newLine()
                    if index + 1 < end, slice[index + 1] == UInt8(ascii: "\n") { index += 1 }
                } else if byte == UInt8(ascii: "\n") {
                    position.newLine()
                } else if kind == .yaml, let length = unusualBreak(slice, at: index) {
                    position.newLine()
                    index += length
                    continue
                } else if byte & 0xC0 != 0x80 {
                    position.column += 1
                }
                index += 1
            }
            return position
        }
    }
}
