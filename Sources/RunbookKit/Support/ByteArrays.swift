/// Byte arrays made and grown by copying memory, where the generic paths go byte by byte.
extension Array where Element == UInt8 {
    /// A copy of the bytes in one `memcpy`: `Array(buffer)` copied a page body at two
    /// instructions a byte.
    init(copying source: UnsafeBufferPointer<UInt8>) {
        self.init(unsafeUninitializedCapacity: source.count) { buffer, initialized in
            initialized = buffer.initialize(fromContentsOf: source)
        }
    }

    /// A literal's UTF-8 bytes, copied from the binary as they are. Through `String.UTF8View`
    /// (`+= "…".utf8`) each append cost ~170 instructions, and output is made of hundreds of
    /// thousands of them.
    @inline(__always)
    mutating func append(literal: StaticString) {
        literal.withUTF8Buffer { append(contentsOf: $0) }
    }
}
