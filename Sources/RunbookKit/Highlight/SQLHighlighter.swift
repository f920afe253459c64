/// SQL: keywords (any case), strings, numbers, `--` and `/* */` comments, function names.
enum SQLHighlighter {
    static let keywords: Set<String> = [
        "select", "from", "where", "and", "or", "not", "in", "is", "null", "as", "join", "left", "right", "inner", "outer",
        "full", "cross", "on", "group", "by", "order", "having", "limit", "offset", "insert", "into", "values", "update",
        "set", "delete", "create", "table", "index", "view", "drop", "alter", "add", "column", "primary", "key", "foreign",
        "references", "distinct", "union", "all", "case", "when", "then", "else", "end", "exists", "between", "like",
        "asc", "desc", "with", "begin", "commit", "rollback", "grant", "revoke", "show", "explain", "analyze", "vacuum",
        "kill", "process", "processlist", "status", "variables", "global", "session", "true", "false", "default",
        "database", "schema", "if", "returning", "using", "lock", "unlock", "tables", "flush", "truncate", "replace",
    ]

    static func highlight(_ code: String) -> String {
        var out = HighlightedHTML()
        let characters = Array(code)
        var index = 0
        func peek(_ offset: Int) -> Character? { index + offset < characters.count ? characters[index + offset] : nil }
        while index < characters.count {
            let character = characters[index]
            if character == "-", peek(1) == "-" {
                var end = index
                while end < characters.count, characters[end] != "\n" { end += 1 }
                out.span("comment", String(characters[index..<end]))
                index = end
            } else if character == "/", peek(1) == "*" {
                var end = index + 2
                while end < characters.count, !(characters[end] == "*" && end + 1 < characters.count && characters[end + 1] == "/") { end += 1 }
                end = min(end + 2, characters.count)
                out.span("comment", String(characters[index..<end]))
                index = end
            } else if character == "'" || character == "\"" || character == "`" {
                var end = index + 1
                while end < characters.count, characters[end] != character { end += 1 }
                end = min(end + 1, characters.count)
                out.span(character == "'" ? "string" : "label", String(characters[index..<end]))
                index = end
            } else if character.isNumber {
                var end = index
                while end < characters.count, characters[end].isNumber || characters[end] == "." { end += 1 }
                out.span("number", String(characters[index..<end]))
                index = end
            } else if character.isLetter || character == "_" {
                var end = index
                while end < characters.count, characters[end].isLetter || characters[end].isNumber || characters[end] == "_" { end += 1 }
                let word = String(characters[index..<end])
                if keywords.contains(word.lowercased()) {
                    out.span("keyword", word)
                } else if end < characters.count, characters[end] == "(" {
                    out.span("function", word)
                } else {
                    out.plain(word)
                }
                index = end
            } else if "=<>!+-*/%|".contains(character) {
                out.span("operator", String(character))
                index += 1
            } else {
                out.plain(String(character))
                index += 1
            }
        }
        return out.html
    }
}
