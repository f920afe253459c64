extension Array where Element == UInt8 {
    /// A literal's UTF-8 bytes, copied from the binary as they are. Through `String.UTF8View`
    /// (`+= "…".utf8`) each append cost ~170 instructions, and output is made of hundreds of
    /// thousands of them.
    @inline(__always)
    mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
