/// Text appended to a byte buffer from where its bytes already are: a literal from the binary,
/// a String from its own storage. Through `String.UTF8View` each append went through the
/// generic sequence copy.
extension Array where Element == UInt8 {
    /// A literal's UTF-8 bytes, copied from the binary as they are. Through `String.UTF8View`
    /// (`+= "…".utf8`) each append cost ~170 instructions, and output is made of hundreds of
    /// thousands of them.
    @inline(__always)
    mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// A String's UTF-8 bytes, copied from its own buffer: appending its UTF-8 view went
    /// through the generic sequence copy (~1 instruction a byte, and ~170 for a short text).
    @inline(__always)
    mutating func append(utf8Of text: String) {
        var text = text
        text.withUTF8 { append(contentsOf: $0) }
    }
}
