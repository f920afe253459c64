import Foundation

/// Foundation's `trimmingCharacters(in: .whitespaces)` goes through NSString and UTF-16 and
/// copies the string even when there is nothing to trim; on a page with 100,000 headings it was
/// a tenth of the build. This does the same over Unicode scalars and returns the string itself
/// when its ends are not blank.
extension String {
    /// Without leading and trailing tabs, space separators (Unicode category Zs) and U+200B:
    /// the set `CharacterSet.whitespaces` holds on Linux.
    func trimmingHorizontalWhitespace() -> String {
        guard let range = Self.unblankRange(of: unicodeScalars) else { return self }
        return String(unicodeScalars[range])
    }
}

extension Substring {
    /// See `String.trimmingHorizontalWhitespace()`.
    func trimmingHorizontalWhitespace() -> String {
        guard let range = String.unblankRange(of: unicodeScalars) else { return String(self) }
        return String(unicodeScalars[range])
    }
}

extension String {
    /// `trimmingCharacters(in: .whitespacesAndNewlines)`, which costs tens of thousands of
    /// instructions a call: ASCII white space (all in that set) is dropped over bytes, and when
    /// what is left starts and ends with other ASCII, Foundation would stop there too.
    func trimmingWhitespaceAndNewlines() -> String {
        let utf8 = self.utf8
        func isASCIISpace(_ byte: UInt8) -> Bool { byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) }
        guard let first = utf8.firstIndex(where: { !isASCIISpace($0) }) else { return "" }
        let last = utf8.lastIndex { !isASCIISpace($0) } ?? first
        guard utf8[first] < 0x80, utf8[last] < 0x80 else { return trimmingCharacters(in: .whitespacesAndNewlines) }
        if first == utf8.startIndex, utf8.index(after: last) == utf8.endIndex { return self }
        return String(self[first...last])
    }

    /// The range without blank ends, or nil when neither end is blank.
    fileprivate static func unblankRange<Scalars: BidirectionalCollection>(of scalars: Scalars) -> Range<Scalars.Index>?
    where Scalars.Element == Unicode.Scalar {
        guard let first = scalars.first, let last = scalars.last,
              first.isHorizontalWhitespace || last.isHorizontalWhitespace else { return nil }
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start].isHorizontalWhitespace { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)].isHorizontalWhitespace { end = scalars.index(before: end) }
        return start..<end
    }
}

extension Unicode.Scalar {
    /// Tab, a space separator (U+0020, U+00A0, U+2000…U+200A, U+3000 …) or the zero-width
    /// space, which Foundation's set also holds.
    var isHorizontalWhitespace: Bool {
        if value == 0x20 || value == 0x09 { return true }
        if value < 0x80 { return false }
        return value == 0x200B || properties.generalCategory == .spaceSeparator
    }
}

extension StringProtocol {
    /// `lowercased().hasSuffix(suffix)` for a lowercase ASCII suffix (`.md`, `.yml`), over bytes:
    /// asked of every file of the site on every rebuild, where lowercasing a copy of each path
    /// showed in profiles.
    func hasSuffixIgnoringASCIICase(_ suffix: String) -> Bool {
        func matches(_ bytes: some Collection<UInt8>) -> Bool {
            let tail = suffix.utf8
            guard bytes.count >= tail.count else { return false }
            return zip(bytes.suffix(tail.count), tail).allSatisfy { byte, expected in
                byte == expected || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") && byte | 0x20 == expected)
            }
        }
        return utf8.withContiguousStorageIfAvailable { matches($0) } ?? matches(utf8)
    }
}
