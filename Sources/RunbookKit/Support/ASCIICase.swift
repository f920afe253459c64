extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes start with `prefix` (lower-case ASCII) in any case: `lowercased()` on
    /// ASCII, with no copy made (a tag's name, a YAML literal).
    func hasPrefix(ignoringASCIICase prefix: [UInt8]) -> Bool {
        guard count >= prefix.count else { return false }
        for (offset, expected) in prefix.enumerated() {
            let byte = self[offset]
            if (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 32 : byte) != expected { return false }
        }
        return true
    }
}
