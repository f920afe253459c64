/// The one gate every output path built from user data goes through (front matter `url`,
/// `aliases`, `slug`, section and file names, taxonomy terms, static files). A runbook
/// repository is untrusted: whatever it says, nothing may be written outside the destination,
/// and a URL must stay a path on this site (never `//host/`, never `javascript:`).
///
/// URLs are normalised lexically (`/a/./b//c` → `/a/b/c/`, a `..` that stays inside is folded)
/// and refused when a segment, once percent-decoded, would climb out of the destination, hides
/// a separator or a dot segment behind an escape, or holds a control character.
public enum OutputPath {
    /// Why a URL or path was refused; the text finishes "… is refused: <reason>".
    public struct Refusal: Error, Sendable, Equatable, CustomStringConvertible {
        public let reason: String
        public var description: String { reason }
    }

    /// A site URL path (`/runbooks/x/`), normalised: leading `/`, no empty, `.` or `..`
    /// segments, backslashes read as `/` (a Windows-style path), the trailing `/` kept.
    public static func normalisedURL(_ raw: String) -> Result<String, Refusal> {
        // Nearly every URL is already normal; Character walks over it cost ~60,000 instructions.
        if isPlainNormalURL(raw) { return .success(raw) }
        if raw.unicodeScalars.contains(where: isControl) {
            return .failure(Refusal(reason: "it contains a control character (NUL, newline or similar)"))
        }
        let text = raw.replacingBackslashes()
        if text.hasPrefix("//") { return .failure(Refusal(reason: "`//` starts a link to another host, not a path on this site")) }
        // Bytes, as the split below and a browser see them: `:` or `/` followed by a combining
        // mark is another Character, but still a scheme's colon or a separator.
        if let colon = text.utf8.firstIndex(of: UInt8(ascii: ":")), !text.utf8[..<colon].contains(UInt8(ascii: "/")) {
            return .failure(Refusal(reason: "it is a full URL (`scheme:`), not a path on this site"))
        }
        var segments: [Substring] = []
        let parts = pathSegments(text)
        for part in parts {
            guard let decoded = percentDecoded(part) else {
                return .failure(Refusal(reason: "it has an invalid `%` escape or one that is not UTF-8"))
            }
            if decoded.unicodeScalars.contains(where: isControl) {
                return .failure(Refusal(reason: "it contains an escaped control character (such as `%00`)"))
            }
            if decoded != String(part), decoded == "." || decoded == ".." || decoded.utf8.contains(UInt8(ascii: "/"))
                || decoded.utf8.contains(UInt8(ascii: "\\")) {
                return .failure(Refusal(reason: "it hides `.`, `..` or a separator behind a `%` escape"))
            }
            switch part {
            case ".": continue
            case "..":
                if segments.isEmpty { return .failure(Refusal(reason: "its `..` climbs out of the site's folder")) }
                segments.removeLast()
            default: segments.append(part)
            }
        }
        if segments.isEmpty { return .success("/") }
        let folder = text.utf8.last == UInt8(ascii: "/") || parts.last == "." || parts.last == ".."
        return .success("/" + segments.joined(separator: "/") + (folder ? "/" : ""))
    }

    /// Whether a URL is its own normal form: a leading `/`, then segments of ASCII letters,
    /// digits, `-`, `_`, `.` and `~` that are not `.` or `..`, each followed by one `/` except
    /// perhaps the last. (Nothing in it is decoded, folded or refused.)
    static func isPlainNormalURL(_ raw: String) -> Bool {
        // Over the contiguous bytes: walking `utf8` byte by byte cost ~40 instructions a byte.
        var raw = raw
        return raw.withUTF8(isPlainNormalURL)
    }

    private static func isPlainNormalURL(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var segmentLength = 0
        var segmentDots = 0
        var first = true
        for byte in bytes {
            if first {
                guard byte == UInt8(ascii: "/") else { return false }
                first = false
                continue
            }
            switch byte {
            case UInt8(ascii: "/"):
                if segmentLength == 0 || segmentDots == segmentLength && segmentLength <= 2 { return false }
                segmentLength = 0
                segmentDots = 0
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "~"):
                segmentLength += 1
            case UInt8(ascii: "."):
                segmentLength += 1
                segmentDots += 1
            default:
                return false
            }
        }
        if first { return false }
        return !(segmentLength > 0 && segmentDots == segmentLength && segmentLength <= 2)
    }

    /// The file a URL is written to, relative to the destination (`runbooks/x/index.html`).
    public static func file(forURL url: String) -> Result<String, Refusal> {
        normalisedURL(url).map { normalised in
            var path = String(normalised.dropFirst())
            if path.isEmpty || path.hasSuffix("/") { path += "index.html" }
            return path
        }
    }

    /// Whether a relative file path may be written under the destination as it is: not empty,
    /// not absolute, no empty, `.` or `..` segment, no control character. The writer checks
    /// every path again with this, whatever the stages before it did.
    public static func isContained(_ path: String) -> Bool {
        // Over the UTF-8 bytes: the writer asks it of every file of every build.
        var text = path
        return text.withUTF8 { bytes in
            guard let first = bytes.first, first != UInt8(ascii: "/") else { return false }
            var segmentStart = 0
            var index = 0
            while index <= bytes.count {
                if index == bytes.count || bytes[index] == UInt8(ascii: "/") {
                    let length = index - segmentStart
                    // An empty, `.` or `..` segment.
                    if length == 0 || (length <= 2 && bytes[segmentStart] == UInt8(ascii: ".")
                        && (length == 1 || bytes[segmentStart + 1] == UInt8(ascii: "."))) { return false }
                    index += 1
                    segmentStart = index
                    continue
                }
                if isControl(bytes, at: index) { return false }
                index += 1
            }
            return true
        }
    }

    /// A control character starts at `index` (as `isControl` tells of scalars): C0, DEL, C1
    /// (`C2 80`-`C2 9F`), or the line and paragraph separators (`E2 80 A8`, `E2 80 A9`).
    private static func isControl(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        let byte = bytes[index]
        if byte < 0x20 || byte == 0x7F { return true }
        if byte == 0xC2, index + 1 < bytes.count { return (0x80...0x9F).contains(bytes[index + 1]) }
        if byte == 0xE2, index + 2 < bytes.count, bytes[index + 1] == 0x80 {
            return bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9
        }
        return false
    }

    /// A taxonomy term's URL segment must be one real folder name: `..` or `.` would put the
    /// term's page over the home page or the tags index.
    public static func termURL(taxonomy: String, key: String) -> Result<String, Refusal> {
        let segments = pathSegments(key.replacingBackslashes(), omittingEmpty: false)
        if segments.contains(where: { $0 == "." || $0 == ".." || $0.isEmpty }) {
            return .failure(Refusal(reason: "a term cannot be `.`, `..` or have an empty part"))
        }
        return normalisedURL("/\(taxonomy)/\(key)/").flatMap { url in
            url.hasPrefix("/\(taxonomy)/") && url != "/\(taxonomy)/"
                ? .success(url) : .failure(Refusal(reason: "the term leaves the /\(taxonomy)/ folder"))
        }
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
            || scalar.value == 0x2028 || scalar.value == 0x2029
    }

    /// `%41` → `A`; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecoded(_ text: Substring) -> String? {
        guard text.utf8.contains(UInt8(ascii: "%")) else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = Array(text.utf8)[...]
        while let byte = iterator.popFirst() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard iterator.count >= 2, let high = HexDigit.value(iterator[iterator.startIndex]),
                  let low = HexDigit.value(iterator[iterator.startIndex + 1]) else {
                // A lone `%` is a literal per Hugo's sanitising (it keeps only valid escapes).
                bytes.append(byte)
                continue
            }
            bytes.append(high << 4 | low)
            iterator = iterator.dropFirst(2)
        }
        return String(validating: bytes, as: UTF8.self)
    }
}

private extension String {
    func replacingBackslashes() -> String {
        contains("\\" as Character) ? String(map { $0 == "\\" ? "/" : $0 }) : self
    }
}
