/// A PromQL parse error: what is wrong and the byte offset where it is, which `position(in:)`
/// turns into the line and column a writer sees.
public struct PromQLError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// Byte offset in the expression.
    public let offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// 1-based line and column (in characters) of `offset` in `source`.
    public func position(in source: String) -> (line: Int, column: Int) {
        let bytes = Array(source.utf8)
        var line = 1
        var column = 1
        var index = 0
        while index < min(offset, bytes.count) {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count characters, not UTF-8 continuation bytes
            }
            index += 1
        }
        return (line, column)
    }

    public var description: String { "\(message) (at byte \(offset))" }
}
