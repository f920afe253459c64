/// Builds the Markdown that libcmark will see from pieces of a page body and text produced by
/// shortcodes, remembering for every output line which line of the file it came from, so that
/// problems found later still point at the right line of the file.
///
/// It collects bytes and makes one String at the end: a String per piece of the body (made
/// from its bytes, then appended) was three copies of every page's text.
struct MarkdownSourceBuilder {
    private var bytes: [UInt8] = []
    /// `lineOrigins[i]` is the file line of output line `i + 1`.
    private(set) var lineOrigins: [Int]

    /// Room for a body of `expectedBytes` in `expectedLines` lines: shortcodes mostly replace
    /// a tag with text of about its size.
    init(firstLine: Int, expectedBytes: Int = 0, expectedLines: Int = 0) {
        bytes.reserveCapacity(expectedBytes + expectedBytes / 8)
        lineOrigins = [firstLine]
        lineOrigins.reserveCapacity(expectedLines + 1)
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }

    /// Whether the text is empty or ends a line: where block HTML may start. As the String
    /// test `hasSuffix("\n")` it replaces: a `\r\n` (one Character) does not count, though
    /// only a shortcode's own text can hold a `\r` (page text comes with line ends made `\n`).
    var isAtLineStart: Bool {
        guard let last = bytes.last else { return true }
        return last == UInt8(ascii: "\n") && !(bytes.count >= 2 && bytes[bytes.count - 2] == UInt8(ascii: "\r"))
    }

    /// Appends original text that starts on file line `line`.
    mutating func appendOriginal(_ piece: Substring, startingAt line: Int) {
        var piece = piece
        piece.withUTF8 { appendOriginal($0, startingAt: line) }
    }

    /// Appends original text (whole UTF-8 scalars) that starts on file line `line`.
    mutating func appendOriginal(_ piece: UnsafeBufferPointer<UInt8>, startingAt line: Int) {
        bytes.append(contentsOf: piece)
        var current = line
        forEachOffset(of: UInt8(ascii: "\n"), in: piece) { _ in
            current += 1
            lineOrigins.append(current)
        }
    }

    /// Appends text a shortcode produced in place of a tag on file line `line`.
    mutating func appendGenerated(_ piece: String, at line: Int) {
        var piece = piece
        piece.withUTF8 { generated in
            bytes.append(contentsOf: generated)
            forEachOffset(of: UInt8(ascii: "\n"), in: generated) { _ in lineOrigins.append(line) }
        }
    }
}
