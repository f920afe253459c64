/// A 64-bit FNV-1a hash that is the same in every process (Swift's `Hasher` is seeded per
/// process), for digests kept on disk between builds.
public struct StableHash: Sendable {
    public private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    public init() {}

    public mutating func combine(_ bytes: some Sequence<UInt8>) {
        // Over the buffer when there is one: a generic UTF-8 view walk cost ~15 instructions a byte.
        let buffered: UInt64? = bytes.withContiguousStorageIfAvailable { buffer in
            var hash = value
            for byte in buffer {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            return hash
        }
        if let buffered {
            value = buffered
            return
        }
        var hash = value
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        value = hash
    }

    public mutating func combine(_ text: String) {
        var text = text
        text.withUTF8 { combine($0) }
        combine([0xFF])  // keeps "ab"+"c" apart from "a"+"bc"
    }

    public mutating func combine(_ number: UInt64) {
        withUnsafeBytes(of: number.littleEndian) { combine($0) }
    }

    public static func of(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var hash = StableHash()
        hash.combine(bytes)
        return hash.value
    }
}
