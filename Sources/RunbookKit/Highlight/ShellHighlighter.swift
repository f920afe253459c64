/// Shell commands and console sessions. In a session (`console`), a line starting with `$ `
/// or `# ` is a command after its prompt, every other line is output; in a script (`sh`,
/// `bash`, `shell`) every line is a command (a `$ ` prompt still shows as one).
enum ShellHighlighter {
    static func highlight(_ code: String, session: Bool) -> String {
        var out = HighlightedHTML()
        var continued = false  // the previous command line ended with `\`
        for (number, line) in code.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if number > 0 { out.plain("\n") }
            let indent = line.prefix { $0 == " " || $0 == "\t" }
            let rest = line.dropFirst(indent.count)
            if let prompt = ["$ ", "% "].first(where: { rest.hasPrefix($0) }) ?? (session && rest.hasPrefix("# ") ? "# " : nil) {
                out.plain(indent)
                out.span("prompt", prompt)
                command(rest.dropFirst(prompt.count), into: &out)
                continued = rest.hasSuffix("\\")
            } else if session && !continued {
                out.span("output", line)
            } else {
                command(line, into: &out)
                continued = line.hasSuffix("\\")
            }
        }
        return out.html
    }

    /// One command line: the command name, options, strings, variables, operators, comments.
    private static func command(_ line: Substring, into out: inout HighlightedHTML) {
        var index = line.startIndex
        var expectCommand = true
        while index < line.endIndex {
            let character = line[index]
            if character == " " || character == "\t" {
                let end = line[index...].firstIndex { $0 != " " && $0 != "\t" } ?? line.endIndex
                out.plain(line[index..<end])
                index = end
                continue
            }
            if character == "#" {
                out.span("comment", line[index...])
                return
            }
            if character == "'" || character == "\"" {
                var end = line.index(after: index)
                while end < line.endIndex, line[end] != character {
                    if character == "\"", line[end] == "\\", line.index(after: end) < line.endIndex { end = line.index(after: end) }
                    end = line.index(after: end)
                }
                if end < line.endIndex { end = line.index(after: end) }
                out.span("string", line[index..<end])
                index = end
                expectCommand = false
                continue
            }
            if "|&;<>()".contains(character) {
                let end = line[index...].firstIndex { !"|&;<>()".contains($0) } ?? line.endIndex
                out.span("operator", line[index..<end])
                let symbol = line[index..<end]
                expectCommand = symbol.contains("|") || symbol.contains(";") || symbol.contains("&&") || symbol == "("
                index = end
                continue
            }
            let end = line[index...].firstIndex { " \t'\"|&;<>()".contains($0) } ?? line.endIndex
            let word = line[index..<end]
            if word.hasPrefix("$") {
                out.span("variable", word)
            } else if expectCommand, word.contains("="), !word.hasPrefix("=") {
                out.span("variable", word)  // `VAR=value cmd`
                index = end
                continue
            } else if expectCommand {
                out.span("function", word)
                expectCommand = ["sudo", "time", "env", "xargs", "exec", "nohup", "watch"].contains(String(word))
                index = end
                continue
            } else if word.hasPrefix("-") {
                out.span("option", word)
            } else {
                out.plain(word)
            }
            index = end
        }
    }
}
