#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Distinct byte strings (search terms), numbered in the order they came and kept in one
/// arena: `HashSlots` over `ByteHash`. The tables of a page's term weights and of a new
/// index's postings keep their own data per entry, by its number. A String per term and per
/// page (made, hashed, compared, freed) cost more than counting the terms did.
struct ByteKeyTable {
    private(set) var arena: [UInt8] = []
    /// Where each entry ends in the arena (it starts where the one before ends).
    private(set) var ends: [Int] = []
    private var slots: HashSlots

    init(expected: Int) {
        slots = HashSlots(expected: expected)
        ends.reserveCapacity(expected)
        arena.reserveCapacity(expected * 8)
    }

    var count: Int { ends.count }

    /// The key's entry number, and whether it was added by this call.
    @inline(__always)
    mutating func entry(_ key: UnsafeBufferPointer<UInt8>) -> (entry: Int, isNew: Bool) {
        var probe = slots.probe(ByteHash.of(key))
        while let candidate = slots.next(&probe) {
            if matches(candidate, key) { return (candidate, false) }
        }
        arena.append(contentsOf: key)
        ends.append(arena.count)
        return (slots.add(probe), true)
    }

    /// Whether an entry holds exactly the key's bytes.
    private func matches(_ entry: Int, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = entry == 0 ? 0 : ends[entry - 1]
        guard ends[entry] - start == key.count else { return false }
        return arena.withUnsafeBufferPointer { bytes in
            guard let stored = bytes.baseAddress, let wanted = key.baseAddress else { return key.isEmpty }
            return memcmp(stored + start, wanted, key.count) == 0
        }
    }

    /// An entry's bytes, valid only during the call.
    func withBytes<Result>(of entry: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        let start = entry == 0 ? 0 : ends[entry - 1]
        return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<ends[entry]])) }
    }

    /// An entry as a String.
    func string(_ entry: Int) -> String {
        withBytes(of: entry) { String(decoding: $0, as: UTF8.self) }
    }
}
