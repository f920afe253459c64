/// The hash of the byte-keyed tables of search terms (a page's term counts, a new index's
/// postings): FNV-1a, cheap over short words, started from a random value per process and
/// mixed so every bit of it reaches a slot. From a fixed start a page could be written ahead
/// of time whose words all land in one slot, and each word would then probe past all the
/// others (Swift's `Hasher` is seeded for the same reason, at several times the cost). Tables
/// keep their entries in the order they came, so output never depends on the seed.
enum ByteHash {
    private static let seed = UInt64.random(in: .min ... .max)

    @inline(__always)
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        // MurmurHash3's finaliser: FNV's low bits, which pick the slot, vary little on their own.
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        return hash
    }
}
