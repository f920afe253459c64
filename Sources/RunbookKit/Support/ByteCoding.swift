/// A plain binary form for state kept between builds (`BuildState`): little-endian integers
/// and length-prefixed UTF-8. Reading treats the bytes as hostile: every length is checked
/// against what is left before anything is allocated, and a short or malformed file reads
/// as nil (the build then starts from scratch), never as a crash.
struct ByteWriter {
    private(set) var bytes: [UInt8] = []

    /// Little-endian, in one append (a byte at a time, each append checked the array's storage).
    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u32(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// `UInt32`s in bulk, as `u32` writes each: a search index has hundreds of thousands.
    mutating func u32s(_ values: UnsafeBufferPointer<UInt32>) {
        if UInt32(1).littleEndian == 1 {
            bytes.append(contentsOf: UnsafeRawBufferPointer(values))
        } else {
            for value in values { u32(value) }
        }
    }

    mutating func int(_ value: Int) { u64(UInt64(bitPattern: Int64(value))) }

    mutating func string(_ text: String) {
        var text = text
        text.withUTF8 { utf8 in
            int(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    mutating func reserve(_ count: Int) { bytes.reserveCapacity(bytes.count + count) }
}

struct ByteReader {
    /// Offsets count from the slice's start.
    private let bytes: ArraySlice<UInt8>
    private var offset = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes[...] }

    /// Reads a part of a larger file in place, without copying it.
    init(_ bytes: ArraySlice<UInt8>) { self.bytes = bytes }

    var remaining: Int { bytes.count - offset }
    var isAtEnd: Bool { offset == bytes.count }

    mutating func u64() -> UInt64? {
        guard remaining >= 8 else { return nil }
        defer { offset += 8 }
        return bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    }

    mutating func u32() -> UInt32? {
        guard remaining >= 4 else { return nil }
        defer { offset += 4 }
        return bytes.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    }

    /// A count or number that must lie in `0...limit`.
    mutating func int(atMost limit: Int = Int(Int32.max)) -> Int? {
        guard let raw = u64() else { return nil }
        let value = Int64(bitPattern: raw)
        guard value >= 0, value <= Int64(limit) else { return nil }
        return Int(value)
    }

    /// A signed number as `ByteWriter.int` wrote it, in `Int32`'s range.
    mutating func signed() -> Int? {
        guard let raw = u64() else { return nil }
        let value = Int64(bitPattern: raw)
        guard value >= Int64(Int32.min), value <= Int64(Int32.max) else { return nil }
        return Int(value)
    }

    /// `count` `UInt32`s as `u32s` wrote them.
    mutating func u32s(_ count: Int) -> [UInt32]? {
        guard count >= 0, count <= remaining / 4 else { return nil }
        defer { offset += count * 4 }
        let start = offset
        return [UInt32](unsafeUninitializedCapacity: count) { buffer, initialized in
            bytes.withUnsafeBytes { raw in
                for index in 0..<count {
                    buffer[index] = UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: start + index * 4, as: UInt32.self))
                }
            }
            initialized = count
        }
    }

    mutating func string() -> String? {
        guard let count = int(), count <= remaining else { return nil }
        defer { offset += count }
        let start = bytes.startIndex + offset
        return String(decoding: bytes[start..<start + count], as: UTF8.self)
    }
}
