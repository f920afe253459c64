/// The slots of an open-addressing hash table whose entries the caller keeps in its own arrays,
/// numbered in the order they were added (so whatever it lists comes out in that order, never
/// in hash order). Linear probing from the hash's low bits; at most half full.
///
///     var probe = slots.probe(hash)
///     while let candidate = slots.next(&probe) { if entry candidate is the key { return candidate } }
///     let entry = slots.add(probe)    // then append the key's data at index `entry`
struct HashSlots {
    /// Per slot, the entry number + 1 in the low 32 bits (0: empty) and the high 32 bits of its
    /// hash above them: a probe rules out most other entries without reading a second array
    /// (a cache miss each on a page's term table). The count is a power of two.
    private var slots: [UInt64]
    /// Each entry's whole hash, read only to place the entries again when the slots grow.
    private var hashes: [UInt64] = []

    struct Probe {
        fileprivate let hash: UInt64
        fileprivate var slot: Int
    }

    init(expected: Int) {
        var size = 16
        while size < expected * 2 { size *= 2 }
        slots = Array(repeating: 0, count: size)
        hashes.reserveCapacity(expected)
    }

    var count: Int { hashes.count }

    func probe(_ hash: UInt64) -> Probe {
        Probe(hash: hash, slot: Int(truncatingIfNeeded: hash) & (slots.count - 1))
    }

    /// The next entry on the probe's path with the same hash (its high half, which is what a
    /// slot keeps: the caller compares keys anyway); nil once the path reaches an empty slot,
    /// where the probe then stands for `add`.
    func next(_ probe: inout Probe) -> Int? {
        let mask = slots.count - 1
        let tag = probe.hash & Self.tagMask
        while true {
            let occupant = slots[probe.slot]
            if occupant == 0 { return nil }
            probe.slot = (probe.slot + 1) & mask
            if occupant & Self.tagMask == tag { return Int(truncatingIfNeeded: occupant & Self.entryMask) - 1 }
        }
    }

    /// A new entry in the empty slot `next` stopped at; returns its number (`count` before).
    mutating func add(_ probe: Probe) -> Int {
        let entry = hashes.count
        hashes.append(probe.hash)
        slots[probe.slot] = Self.slot(entry: entry, hash: probe.hash)
        if hashes.count * 2 > slots.count { grow() }
        return entry
    }

    private mutating func grow() {
        slots = Array(repeating: 0, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 { slot = (slot + 1) & mask }
            slots[slot] = Self.slot(entry: entry, hash: hash)
        }
    }

    private static let tagMask: UInt64 = 0xFFFF_FFFF_0000_0000
    private static let entryMask: UInt64 = 0x0000_0000_FFFF_FFFF

    /// Entry numbers stay far below 2³²: a table holds one page's distinct terms, or a site's.
    private static func slot(entry: Int, hash: UInt64) -> UInt64 {
        (hash & tagMask) | (UInt64(truncatingIfNeeded: entry + 1) & entryMask)
    }
}
