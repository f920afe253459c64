import Foundation
import CCmark

/// Finds raw HTML that runs code in the reader's browser, reading tags and attributes as a
/// browser does rather than searching text: `<script>` elements, every `on…` handler,
/// `srcdoc`, and `javascript:`, `vbscript:` or `data:text/html` URLs in any URL attribute
/// (after decoding entities and dropping the tabs and newlines browsers ignore in URLs), in
/// any letter case. Markdown links and images are checked for the same URLs. HTML that a
/// `param` shortcode printed is raw HTML by then and is checked like the rest.
enum UnsafeHTMLDetector {
    static func findings(in nodes: [CmarkNode], fileLine: (Int) -> Int) -> [(line: Int, what: String)] {
        var result: [(Int, String)] = []
        for node in nodes {
            switch node.type {
            case CMARK_NODE_HTML_BLOCK, CMARK_NODE_HTML_INLINE:
                guard let literal = node.literal, let problem = problem(inHTML: literal) else { continue }
                result.append((fileLine(lineOf(node)), problem))
            case CMARK_NODE_LINK, CMARK_NODE_IMAGE:
                if let url = node.url, let scheme = dangerousScheme(url) {
                    result.append((fileLine(lineOf(node)), "a `\(scheme)` link"))
                }
            default:
                continue
            }
        }
        return result
    }

    private static func lineOf(_ node: CmarkNode) -> Int {
        var current: CmarkNode? = node
        while let candidate = current, candidate.startLine == 0 { current = candidate.parent }
        return current?.startLine ?? 1
    }

    /// Attributes whose value the browser loads or navigates to (HTML, SVG, MathML).
    static let urlAttributes: Set<String> = [
        "href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "cite", "codebase",
        "longdesc", "lowsrc", "dynsrc", "manifest", "icon", "ping", "srcset", "imagesrcset", "archive", "classid",
        "profile", "usemap", "itemtype", "content", "to", "from", "values", "by", "xml:base", "location",
    ]

    /// URL attributes that hold a list.
    static let listAttributes: Set<String> = ["srcset", "imagesrcset", "ping", "content", "archive", "values"]

    /// The first way `html` runs script, as a message fragment, or nil.
    static func problem(inHTML html: String) -> String? {
        for tag in HTMLTags(html) {
            if tag.name == "script" { return "a `<script>` element" }
            for (name, value) in tag.attributes {
                if name.hasPrefix("on"), name.count > 2 { return "an `\(name)=` event handler" }
                if name == "srcdoc" { return "an `srcdoc` attribute" }
                if urlAttributes.contains(name) || name.hasSuffix(":href"), let value {
                    // `srcset`, `ping` and `meta content` hold several URLs; any may be the one.
                    let parts = Self.listAttributes.contains(name)
                        ? value.split(whereSeparator: { $0 == "," || $0 == ";" || $0 == " " }) : []
                    for part in parts {
                        var candidate = Substring(part)
                        if let equals = candidate.firstIndex(of: "="), name == "content" { candidate = candidate[candidate.index(after: equals)...] }
                        if let scheme = dangerousScheme(String(candidate)) { return "a `\(scheme)` URL in `\(name)`" }
                    }
                    if let scheme = dangerousScheme(value) { return "a `\(scheme)` URL in `\(name)`" }
                }
            }
        }
        return nil
    }

    /// `javascript:`, `vbscript:`, or `data:` with an HTML, XHTML or SVG type, as the browser
    /// reads the URL: control characters and white space anywhere are dropped first.
    static func dangerousScheme(_ url: String) -> String? {
        var compact = ""
        for scalar in url.unicodeScalars where scalar.value > 0x20 && scalar.value != 0x7F {
            compact.unicodeScalars.append(scalar)
            if compact.utf8.count > 40 { break }
        }
        let lowered = compact.lowercased()
        if lowered.hasPrefix("javascript:") { return "javascript:" }
        if lowered.hasPrefix("vbscript:") { return "vbscript:" }
        for type in ["data:text/html", "data:application/xhtml", "data:image/svg", "data:text/xml", "data:application/xml"]
        where lowered.hasPrefix(type) {
            return type
        }
        return nil
    }
}

/// The start tags in a piece of HTML, with lower-cased names and entity-decoded attribute
/// values, read as the HTML tokenizer does (comments, doctypes and end tags skipped).
struct HTMLTags: Sequence, IteratorProtocol {
    struct Tag {
        var name: String
        var attributes: [(name: String, value: String?)]
    }

    private let scalars: [Unicode.Scalar]
    private var index = 0

    init(_ html: String) { scalars = Array(html.unicodeScalars) }

    private static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }

    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool {
        (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    mutating func next() -> Tag? {
        while index < scalars.count {
            guard scalars[index] == "<", index + 1 < scalars.count else {
                index += 1
                continue
            }
            let after = scalars[index + 1]
            if after == "!" {
                // `<!-- … -->` ends at `-->`; `<!DOCTYPE …>` and `<![CDATA[…]]>` at `>`.
                if index + 3 < scalars.count, scalars[index + 2] == "-", scalars[index + 3] == "-" {
                    index = find("-->", from: index + 4).map { $0 + 3 } ?? scalars.count
                } else {
                    index = find(">", from: index + 2).map { $0 + 1 } ?? scalars.count
                }
                continue
            }
            guard Self.isLetter(after) else {
                index += 1  // `</x>`, `<?…>`, or a plain `<`: no attributes that run anything
                continue
            }
            index += 1
            return readTag()
        }
        return nil
    }

    private func find(_ text: String, from start: Int) -> Int? {
        let needle = Array(text.unicodeScalars)
        var position = start
        search: while position + needle.count <= scalars.count {
            for (offset, scalar) in needle.enumerated() where scalars[position + offset] != scalar {
                position += 1
                continue search
            }
            return position
        }
        return nil
    }

    /// From the tag name to the closing `>` (or the end of the text).
    private mutating func readTag() -> Tag {
        var name = ""
        while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != "/", scalars[index] != ">" {
            name.unicodeScalars.append(scalars[index])
            index += 1
        }
        var tag = Tag(name: name.lowercased(), attributes: [])
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == ">" {
                index += 1
                break
            }
            if Self.isSpace(scalar) || scalar == "/" {
                index += 1
                continue
            }
            // An attribute name runs to white space, `/`, `>` or `=` (a leading `=` belongs to it).
            var attribute = String(scalar)
            index += 1
            while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != "/", scalars[index] != ">",
                  scalars[index] != "=" {
                attribute.unicodeScalars.append(scalars[index])
                index += 1
            }
            var probe = index
            while probe < scalars.count, Self.isSpace(scalars[probe]) { probe += 1 }
            guard probe < scalars.count, scalars[probe] == "=" else {
                tag.attributes.append((attribute.lowercased(), nil))
                continue
            }
            index = probe + 1
            while index < scalars.count, Self.isSpace(scalars[index]) { index += 1 }
            var raw = ""
            if index < scalars.count, scalars[index] == "\"" || scalars[index] == "'" {
                let quote = scalars[index]
                index += 1
                while index < scalars.count, scalars[index] != quote {
                    raw.unicodeScalars.append(scalars[index])
                    index += 1
                }
                index += 1
            } else {
                while index < scalars.count, !Self.isSpace(scalars[index]), scalars[index] != ">" {
                    raw.unicodeScalars.append(scalars[index])
                    index += 1
                }
            }
            tag.attributes.append((attribute.lowercased(), HTMLEntities.decode(raw)))
        }
        return tag
    }
}

/// Character references as the browser decodes them in attribute values: decimal and hex
/// (with or without the `;`), and the named ones that can hide a URL's scheme.
enum HTMLEntities {
    static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "colon": ":", "tab": "\t", "newline": "\n",
        "sol": "/", "lpar": "(", "rpar": ")", "period": ".", "comma": ",", "semi": ";", "nbsp": "\u{A0}",
        "excl": "!", "num": "#", "percnt": "%", "equals": "=", "quest": "?", "commat": "@", "bsol": "\\",
    ]

    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        var index = 0
        while index < scalars.count {
            guard scalars[index] == "&" else {
                result.unicodeScalars.append(scalars[index])
                index += 1
                continue
            }
            var end = index + 1
            if end < scalars.count, scalars[end] == "#" {
                end += 1
                let hex = end < scalars.count && (scalars[end] == "x" || scalars[end] == "X")
                if hex { end += 1 }
                var digits = ""
                while end < scalars.count, digits.count < 16,
                      hex ? scalars[end].properties.isASCIIHexDigit : (scalars[end] >= "0" && scalars[end] <= "9") {
                    digits.unicodeScalars.append(scalars[end])
                    end += 1
                }
                if !digits.isEmpty, let value = UInt32(digits, radix: hex ? 16 : 10) {
                    result.unicodeScalars.append(Unicode.Scalar(value) ?? "\u{FFFD}")
                    if end < scalars.count, scalars[end] == ";" { end += 1 }
                    index = end
                    continue
                }
            } else {
                var name = ""
                while end < scalars.count, name.count < 12, scalars[end].properties.isAlphabetic {
                    name.unicodeScalars.append(scalars[end])
                    end += 1
                }
                if let value = named[name.lowercased()] {
                    result += value
                    if end < scalars.count, scalars[end] == ";" { end += 1 }
                    index = end
                    continue
                }
            }
            result.unicodeScalars.append("&")
            index += 1
        }
        return result
    }
}
