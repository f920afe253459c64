/// Whether a label-matcher regular expression (RE2 syntax, anchored as Prometheus anchors it)
/// matches the empty string: Prometheus requires `{…}` alone to hold a matcher that does not.
/// A small structural walk — alternatives, groups, classes, escapes, quantifiers — rather than
/// a regex engine; unknown constructs count as matching something, which errs towards valid.
enum RegexEmptiness {
    static func matchesEmpty(_ pattern: String) -> Bool {
        var index = 0
        let characters = Array(pattern)
        return alternation(characters, &index, depth: 0)
    }

    /// `a|b|c` up to a `)` or the end: empty-matching when any alternative is.
    private static func alternation(_ text: [Character], _ index: inout Int, depth: Int) -> Bool {
        // Groups nested this deep are not judged (no stack to spare): taken as matching something.
        guard depth < 64 else {
            index = text.count
            return false
        }
        var result = sequence(text, &index, depth: depth)
        while index < text.count, text[index] == "|" {
            index += 1
            result = sequence(text, &index, depth: depth) || result
        }
        return result
    }

    /// A run of atoms: empty-matching when every atom is.
    private static func sequence(_ text: [Character], _ index: inout Int, depth: Int) -> Bool {
        var result = true
        while index < text.count, text[index] != "|", text[index] != ")" {
            var atomEmpty: Bool
            switch text[index] {
            case "(":
                index += 1
                if index + 1 < text.count, text[index] == "?" {
                    // (?:…), (?i), (?P<name>…): skip the flags or name.
                    index += 1
                    if index < text.count, text[index] == "P" || text[index] == "<" {
                        while index < text.count, text[index] != ">" { index += 1 }
                        index += 1
                    } else {
                        while index < text.count, text[index] != ":" && text[index] != ")" { index += 1 }
                        if index < text.count, text[index] == ")" {
                            index += 1  // a flag group like (?i) matches nothing
                            continue
                        }
                        index += 1
                    }
                }
                atomEmpty = alternation(text, &index, depth: depth + 1)
                if index < text.count { index += 1 }  // )
            case "[":
                index += 1
                if index < text.count, text[index] == "^" { index += 1 }
                if index < text.count, text[index] == "]" { index += 1 }
                while index < text.count, text[index] != "]" {
                    if text[index] == "\\" { index += 1 }
                    index += 1
                }
                index += 1
                atomEmpty = false
            case "\\":
                index += 2
                let escaped = index - 1 < text.count ? text[index - 1] : " "
                atomEmpty = "bBAzZ".contains(escaped)  // assertions match no character
            case "^", "$":
                index += 1
                atomEmpty = true
            default:
                index += 1
                atomEmpty = false
            }
            // Quantifiers: `*`, `?` and `{0…}` make the atom optional.
            if index < text.count {
                switch text[index] {
                case "*", "?":
                    atomEmpty = true
                    index += 1
                case "+":
                    index += 1
                case "{":
                    var end = index + 1
                    while end < text.count, text[end] != "}" { end += 1 }
                    let inside = String(text[(index + 1)..<min(end, text.count)])
                    if inside.first?.isNumber == true {
                        if inside.split(separator: ",").first.flatMap({ Int($0) }) == 0 { atomEmpty = true }
                        index = min(end + 1, text.count)
                    }
                default: break
                }
                if index < text.count, text[index] == "?" { index += 1 }  // lazy
            }
            result = result && atomEmpty
        }
        return result
    }
}
