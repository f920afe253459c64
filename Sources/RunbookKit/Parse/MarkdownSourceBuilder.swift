/// Builds the Markdown that libcmark will see from pieces of a page body and text produced by
/// shortcodes, remembering for every output line which line of the file it came from, so that
/// problems found later still point at the right line of the file.
struct MarkdownSourceBuilder {
    private(set) var text = ""
    /// `lineOrigins[i]` is the file line of output line `i + 1`.
    private(set) var lineOrigins: [Int]

    init(firstLine: Int) {
        lineOrigins = [firstLine]
    }

    /// Appends original text that starts on file line `line`.
    mutating func appendOriginal(_ piece: Substring, startingAt line: Int) {
        text += piece
        var current = line
        // Over the contiguous bytes: a Substring's UTF-8 view is slow to walk byte by byte.
        let counted: Void? = piece.utf8.withContiguousStorageIfAvailable { bytes in
            forEachOffset(of: UInt8(ascii: "\n"), in: bytes) { _ in
                current += 1
                lineOrigins.append(current)
            }
        }
        if counted == nil {
            for byte in piece.utf8 where byte == UInt8(ascii: "\n") {
                current += 1
                lineOrigins.append(current)
            }
        }
    }

    /// Appends text a shortcode produced in place of a tag on file line `line`.
    mutating func appendGenerated(_ piece: String, at line: Int) {
        text += piece
        for byte in piece.utf8 where byte == UInt8(ascii: "\n") { lineOrigins.append(line) }
    }
}
