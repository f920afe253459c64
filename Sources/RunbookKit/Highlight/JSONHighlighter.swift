/// JSON: keys, strings, numbers, `true`/`false`/`null`. Invalid JSON is still shown, escaped.
enum JSONHighlighter {
    static func highlight(_ code: String) -> String {
        var out = HighlightedHTML()
        let characters = Array(code)
        var index = 0
        while index < characters.count {
            let character = characters[index]
            if character == "\"" {
                var end = index + 1
                while end < characters.count, characters[end] != "\"", characters[end] != "\n" {
                    if characters[end] == "\\" { end += 1 }
                    end += 1
                }
                end = min(end + 1, characters.count)
                var next = end
                while next < characters.count, characters[next] == " " || characters[next] == "\t" { next += 1 }
                let isKey = next < characters.count && characters[next] == ":"
                out.span(isKey ? "key" : "string", String(characters[index..<end]))
                index = end
            } else if character == "-" || character.isNumber {
                var end = index + 1
                while end < characters.count, characters[end].isNumber || "+-.eE".contains(characters[end]) { end += 1 }
                out.span("number", String(characters[index..<end]))
                index = end
            } else if character.isLetter {
                var end = index
                while end < characters.count, characters[end].isLetter { end += 1 }
                let word = String(characters[index..<end])
                if ["true", "false", "null"].contains(word) { out.span("literal", word) } else { out.plain(word) }
                index = end
            } else {
                out.plain(String(character))
                index += 1
            }
        }
        return out.html
    }
}
