import RunbookKit

/// A request's path, checked and split into decoded segments, before it is looked up among
/// the built site's files.
///
/// Every segment is percent-decoded exactly once. A path is refused (never looked up) when it
/// has a `..` or `.` segment, a backslash, a control character or NUL, an encoded slash, a
/// malformed escape, bytes that are not UTF-8, or a segment that decodes a second time into
/// any of those (`%252e%252e`). What survives is only ever used as a key of the in-memory
/// site, so even a path that slipped through could not name a file on disk.
public struct RequestPath: Equatable, Sendable {
    /// Decoded segments, without empty ones (`/a//b/` → `["a", "b"]`).
    public let segments: [String]
    /// Whether the path ends with `/` (a folder: look for its `index.html`).
    public let isDirectory: Bool

    public enum Refusal: Error, Equatable, Sendable {
        case notAbsolute
        case dotSegment
        case forbiddenCharacter
        case encodedSeparator
        case malformedEscape
        case notUTF8
        case doubleEncoded
    }

    /// Parses the raw path of a request (no query string), as it came on the request line.
    public static func parse(_ raw: String) -> Result<RequestPath, Refusal> {
        let bytes = Array(raw.utf8)
        guard bytes.first == UInt8(ascii: "/") else { return .failure(.notAbsolute) }
        for byte in bytes where byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") {
            return .failure(.forbiddenCharacter)
        }
        var segments: [String] = []
        for rawSegment in bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: true) {
            let decoded: [UInt8]
            switch percentDecode(rawSegment) {
            case .success(let value): decoded = value
            case .failure(let refusal): return .failure(refusal)
            }
            if let refusal = check(decoded) { return .failure(refusal) }
            // A second decoding must not reveal anything the first would have refused.
            if decoded.contains(UInt8(ascii: "%")), case .success(let twice) = percentDecode(decoded[...]), check(twice) != nil {
                return .failure(.doubleEncoded)
            }
            guard let segment = String(validating: decoded, as: UTF8.self) else { return .failure(.notUTF8) }
            segments.append(segment)
        }
        let isDirectory = bytes.last == UInt8(ascii: "/")
        return .success(RequestPath(segments: segments, isDirectory: isDirectory || segments.isEmpty))
    }

    public init(segments: [String], isDirectory: Bool) {
        self.segments = segments
        self.isDirectory = isDirectory
    }

    /// The same path without the leading segments of `base` (`/docs/` → `["docs"]`), or nil
    /// when the path is outside it.
    public func relative(to base: [String]) -> RequestPath? {
        guard segments.count >= base.count, Array(segments.prefix(base.count)) == base else { return nil }
        return RequestPath(segments: Array(segments.dropFirst(base.count)), isDirectory: isDirectory)
    }

    /// The key of the site's file this path names: `a/b/index.html` for a folder, `a/b.css`
    /// for a file.
    public var siteKey: String {
        let joined = segments.joined(separator: "/")
        if isDirectory { return joined.isEmpty ? "index.html" : joined + "/index.html" }
        return joined
    }

    private static func check(_ decoded: [UInt8]) -> Refusal? {
        if decoded == [UInt8(ascii: ".")] || decoded == [UInt8(ascii: "."), UInt8(ascii: ".")] { return .dotSegment }
        for byte in decoded {
            if byte == UInt8(ascii: "/") { return .encodedSeparator }
            if byte < 0x20 || byte == 0x7F || byte == UInt8(ascii: "\\") { return .forbiddenCharacter }
        }
        return nil
    }

    private static func percentDecode(_ bytes: ArraySlice<UInt8>) -> Result<[UInt8], Refusal> {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex,
                      let high = HexDigit.value(bytes[index + 1]), let low = HexDigit.value(bytes[index + 2]) else {
                    return .failure(.malformedEscape)
                }
                result.append(high << 4 | low)
                index += 3
            } else {
                result.append(byte)
                index += 1
            }
        }
        return .success(result)
    }
}
