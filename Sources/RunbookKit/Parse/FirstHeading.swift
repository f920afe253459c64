/// The title of a page written for GitHub: its first `# heading` (ATX, level 1), found outside
/// fenced code. Pages without front matter name themselves this way; the heading stays in the
/// body and the theme then leaves out its own `<h1>` (`startsWithTitle`), so it shows once.
enum FirstHeading {
    /// The heading's text with its closing `#`s and the simplest inline markup (`code`,
    /// `**strong**`) removed; nil when the body has no level-1 ATX heading.
    static func title(in body: Substring) -> String? {
        var fence: Substring?
        for line in body.split(separator: "\n", omittingEmptySubsequences: false) {
            let indent = line.prefix { $0 == " " }.count
            guard indent < 4 else { continue }
            let text = line.dropFirst(indent)
            if let open = fence {
                if text.hasPrefix(open) { fence = nil }
                continue
            }
            if text.hasPrefix("```") || text.hasPrefix("~~~") {
                fence = text.prefix { $0 == text.first }
                continue
            }
            guard text.hasPrefix("#"), text.dropFirst().first.map({ $0 == " " || $0 == "\t" || $0 == "\r" }) ?? true else { continue }
            var title = text.dropFirst().trimmed([" ", "\t", "\r"])
            // A closing sequence of `#`s preceded by a space is not part of the text.
            if let last = title.lastIndex(where: { $0 != "#" }), last < title.index(before: title.endIndex),
               title[last] == " " || title[last] == "\t" {
                title = String(title[...last]).trimmed([" ", "\t"])
            } else if title.allSatisfy({ $0 == "#" }) {
                title = ""
            }
            title = title.replacing("**", with: "").replacing("`", with: "")
            return title.isEmpty ? nil : title
        }
        return nil
    }
}

private extension StringProtocol {
    func trimmed(_ set: Set<Character>) -> String {
        let start = firstIndex { !set.contains($0) } ?? endIndex
        let end = lastIndex { !set.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
