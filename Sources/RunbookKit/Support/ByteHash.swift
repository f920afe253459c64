/// The hash of the byte-keyed tables of search terms (a page's term counts, a new index's
/// postings): xor-multiply over eight bytes a step (FNV-1a's step, on words; FNV over each
/// byte was a multiply per byte), started from a random value per process and mixed so every
/// bit of it reaches a slot. From a fixed start a page could be written ahead of time whose
/// words all land in one slot, and each word would then probe past all the others (Swift's
/// `Hasher` is seeded for the same reason, at several times the cost). Tables keep their
/// entries in the order they came, so output never depends on the seed.
enum ByteHash {
    /// A table reads it once and passes it in: each read of a global goes through a
    /// `swift_once` check, one per term hashed.
    static let seed = UInt64.random(in: .min ... .max)
    private static let multiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64 = seed) -> UInt64 {
        var hash: UInt64 = seed ^ (UInt64(truncatingIfNeeded: bytes.count) &* multiplier)
        let raw = UnsafeRawBufferPointer(bytes)
        var index = 0
        while index + 8 <= bytes.count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* multiplier
            hash ^= hash >> 29
            index += 8
        }
        // The last 0-7 bytes as one word, in at most three loads.
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        if index + 4 <= bytes.count {
            tail = UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt32.self))
            shift = 32
            index += 4
        }
        if index + 2 <= bytes.count {
            tail |= UInt64(raw.loadUnaligned(fromByteOffset: index, as: UInt16.self)) << shift
            shift += 16
            index += 2
        }
        if index < bytes.count { tail |= UInt64(bytes[index]) << shift }
        hash = (hash ^ tail) &* multiplier
        // MurmurHash3's finaliser: the low bits, which pick the slot, from all the others.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
