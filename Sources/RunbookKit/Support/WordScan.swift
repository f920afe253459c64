/// Byte tests eight bytes at a time ("SWAR"), for the passes that walk every byte of a page's
/// text only to find the few that need work: the search text, smart quotes, bare addresses,
/// JSON escaping, the search record's cut.
enum WordScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    private static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset` (which must leave eight in the buffer), first byte lowest.
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UInt64(littleEndian: UnsafeRawBufferPointer(bytes).loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    static func isASCII(_ word: UInt64) -> Bool { word & highBits == 0 }

    /// Whether every byte is ASCII, a word at a time (a closure test a byte cost ~5
    /// instructions a byte).
    static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        var seen: UInt64 = 0
        while offset + 8 <= bytes.count {
            seen |= word(bytes, at: offset)
            offset += 8
        }
        while offset < bytes.count {
            seen |= UInt64(bytes[offset])
            offset += 1
        }
        return isASCII(seen)
    }

    /// Whether some byte of a word is `byte`: a zero byte of `word ^ byte…`, found by the
    /// borrow it makes.
    @inline(__always)
    static func hasByte(_ byte: UInt8, in word: UInt64) -> Bool {
        let matched = word ^ (ones &* UInt64(byte))
        return (matched &- ones) & ~matched & highBits != 0
    }

    /// The high bit of each byte of a word that is `byte`, and no other bit: exact, unlike
    /// `hasByte`'s borrow, which can mark a byte after a match.
    @inline(__always)
    static func bytesEqual(to byte: UInt8, in word: UInt64) -> UInt64 {
        let matched = word ^ (ones &* UInt64(byte))
        let lowBits = ~highBits
        return ~(((matched & lowBits) &+ lowBits) | matched) & highBits
    }

    /// A word of running text: eight ASCII bytes, no control byte, and spaces only one at a
    /// time between other bytes (neither first nor last). White-space collapsing and cutting
    /// at a word leave such a word as it is. Its spaces (the high bit of each space byte, 0
    /// for none), or nil for any other word.
    @inline(__always)
    static func singleSpaces(inRunningText word: UInt64) -> UInt64? {
        guard isASCII(word), !hasByte(below: 0x20, in: word) else { return nil }
        let spaces = bytesEqual(to: 0x20, in: word)
        guard spaces & 0x8000_0000_0000_0080 == 0, spaces & (spaces >> 8) == 0 else { return nil }
        return spaces
    }

    /// Whether some byte of a word is below `bound` (at most 128), by the same borrow.
    @inline(__always)
    static func hasByte(below bound: UInt8, in word: UInt64) -> Bool {
        (word &- ones &* UInt64(bound)) & ~word & highBits != 0
    }
}
