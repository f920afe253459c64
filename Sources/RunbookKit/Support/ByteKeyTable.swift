#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct byte strings (search terms), numbered in the order they came: `HashSlots` over
/// `ByteHash`, the keys in one `ByteStrings`. The tables of a page's term weights and of a new
/// index's postings keep their own data per entry, by its number. A String per term and per
/// page (made, hashed, compared, freed) cost more than counting the terms did.
struct ByteKeyTable {
    private(set) var keys: ByteStrings
    private var slots: HashSlots
    private let seed = ByteHash.seed

    init(expected: Int) {
        slots = HashSlots(expected: expected)
        keys = ByteStrings(reservingBytes: expected * 8, strings: expected)
    }

    var count: Int { keys.count }

    /// The key's entry number, and whether it was added by this call.
    @inline(__always)
    mutating func entry(_ key: UnsafeBufferPointer<UInt8>) -> (entry: Int, isNew: Bool) {
        var probe = slots.probe(ByteHash.of(key, seed: seed))
        while let candidate = slots.next(&probe) {
            if matches(candidate, key) { return (candidate, false) }
        }
        keys.append(key)
        return (slots.add(probe), true)
    }

    /// Whether an entry holds exactly the key's bytes.
    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        keys.withBytes(of: entry) { stored in
            guard stored.count == key.count else { return false }
            guard let left = stored.baseAddress, let right = key.baseAddress else { return key.isEmpty }
            return memcmp(left, right, key.count) == 0
        }
    }
}
