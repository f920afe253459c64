/// A 64-bit digest of a file's bytes, the same in every process, eight bytes at a step: the
/// build record keeps one per published file, so the next build tells an unchanged file by
/// its digest instead of reading the published copy back. Not cryptographic; a page's author
/// gains nothing from a collision but a stale copy of their own page.
enum ContentDigest {
    static func of(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { of($0) }
    }

    /// A text's UTF-8 bytes, without copying them out.
    static func of(_ text: String) -> UInt64 {
        var text = text
        return text.withUTF8 { of(UnsafeRawBufferPointer($0)) }
    }

    static func of(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        let count = raw.count
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(count)
        var offset = 0
        // Each step is a bijection of the state for a given word, so two inputs that
        // differ in one word always end apart.
        while offset + 8 <= count {
            let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < count {
            tail |= UInt64(raw[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        return hash ^ (hash >> 29)
    }
}
