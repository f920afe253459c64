#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Fast checks over a string's UTF-8 bytes. Foundation's `contains(_:)` on String goes through
/// NSString and showed up as 15% of a corpus build.
extension StringProtocol {
    /// Whether the ASCII `needle` occurs in the text.
    func containsASCII(_ needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        return withUTF8Buffer { containsBytes(pattern, in: $0) }
    }

    /// `body` over the text's UTF-8 bytes: in place when the string has them contiguous (a
    /// native Swift string always does), else over a copy.
    @inline(__always)
    func withUTF8Buffer<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        utf8.withContiguousStorageIfAvailable(body) ?? Array(utf8).withUnsafeBufferPointer(body)
    }
}

/// Whether `pattern` occurs in `bytes` (an empty one always does).
func containsBytes(_ pattern: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let first = pattern.first else { return true }
    let count = bytes.count
    let length = pattern.count
    guard length <= count else { return false }
    var index = 0
    while index <= count - length {
        if bytes[index] == first {
            var matched = true
            for offset in 1..<length where bytes[index + offset] != pattern[offset] {
                matched = false
                break
            }
            if matched { return true }
        }
        index += 1
    }
    return false
}

extension StringProtocol {
    /// Whether any UTF-8 byte passes `test`: on the string's own buffer when it has one (a
    /// loop over a buffer pointer, where the UTF-8 view's generic iteration cost ~20
    /// instructions a byte on every escaped template value).
    @inline(__always)
    func containsUTF8Byte(where test: (UInt8) -> Bool) -> Bool {
        if let found = utf8.withContiguousStorageIfAvailable({ $0.contains(where: test) }) { return found }
        return utf8.contains(where: test)
    }
}

extension UInt8 {
    /// Whether the byte is one of a literal's bytes: over the literal's own buffer, where
    /// `"…".utf8.contains(byte)` walked the string's UTF-8 view (~20 instructions a byte, on
    /// every PromQL token and front-matter value).
    @inline(__always)
    func isOne(of set: StaticString) -> Bool {
        set.withUTF8Buffer { $0.contains(self) }
    }
}

extension ArraySlice<UInt8> {
    /// Whether `byte` occurs, by libc's `memchr` (vectorised): the generic `contains` cost
    /// about ten instructions a byte, on every page's text at every build.
    func containsByte(_ byte: UInt8) -> Bool {
        withUnsafeBytes { raw in
            guard let base = raw.baseAddress, raw.count > 0 else { return false }
            return memchr(base, Int32(byte), raw.count) != nil
        }
    }
}

/// Calls `body` with the offset of every `byte` in `bytes`, found by libc's `memchr`
/// (vectorised): a byte-at-a-time loop cost ~2.5 instructions a byte over every page body.
@inline(__always)
func forEachOffset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
    var offset = 0
    while let found = firstOffset(of: byte, in: bytes, from: offset) {
        body(found)
        offset = found + 1
    }
}

/// The offset of the first `byte` at or after `start`, by `memchr`.
@inline(__always)
func firstOffset(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
    guard let base = bytes.baseAddress, start >= 0, start < bytes.count,
          let found = memchr(base + start, Int32(byte), bytes.count - start) else { return nil }
    return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
}
