/// Highlights PromQL text as HTML: each token in a `<span class="hl-…">`, the text between
/// tokens (spaces, line breaks) copied, everything HTML-escaped. Works from tokens and their
/// neighbours, not the tree, so it also colours expressions that do not parse (a code block
/// with a `$job` placeholder); after a lexical error the rest is shown plain.
public enum PromQLHighlighter {
    /// The CSS class of each kind of token.
    public enum Style: String, Sendable, CaseIterable {
        case metric, label, matcher, string, function, aggregation, keyword, duration, number, op = "operator", comment
        public var className: String { "hl-" + rawValue }
    }

    /// HTML for `source`, and the metric names in it (first use first, no repeats).
    public static func highlight(_ source: String) -> (html: String, metrics: [String]) {
        let (tokens, _) = PromQLLexer.tokens(source)
        let bytes = Array(source.utf8)
        var html = HighlightedHTML()
        var metrics: [String] = []
        var seen: Set<String> = []
        var cursor = 0
        var braceDepth = 0
        var labelListDepth = -1  // paren depth of a `by (…)`-style list, -1 when outside one
        var parenDepth = 0
        let significant = tokens.filter { $0.kind != .comment }
        var nextIndex = 0

        func text(_ start: Int, _ end: Int) -> String { String(decoding: bytes[start..<end], as: UTF8.self) }

        for token in tokens where token.kind != .end {
            html.plain(text(cursor, token.start))
            cursor = token.end
            var style: Style?
            if token.kind != .comment {
                nextIndex += 1
            }
            let next = nextIndex < significant.count ? significant[nextIndex] : nil
            let previous = nextIndex >= 2 ? significant[nextIndex - 2] : nil
            switch token.kind {
            case .comment: style = .comment
            case .string: style = braceDepth > 0 && next.map { ["=", "!=", "=~", "!~"].contains($0.text) } == true ? .label : .string
            case .number: style = .number
            case .duration: style = .duration
            case .identifier:
                let lowered = token.lowered
                let opensParen = next?.isPunctuation("(") == true
                if braceDepth > 0 || labelListDepth >= 0 {
                    style = .label
                } else if ["by", "without", "on", "ignoring", "group_left", "group_right"].contains(lowered) {
                    style = .keyword
                    if opensParen { labelListDepth = parenDepth + 1 }
                } else if ["and", "or", "unless", "atan2"].contains(lowered) {
                    style = .op
                } else if ["bool", "offset"].contains(lowered) {
                    style = .keyword
                } else if previous?.isPunctuation("@") == true, ["start", "end"].contains(lowered) {
                    style = .keyword
                } else if PromQLFunctions.aggregations[lowered] != nil,
                          opensParen || next.map { ["by", "without"].contains($0.lowered) } == true {
                    style = .aggregation
                } else if opensParen {
                    style = .function
                } else {
                    style = .metric
                    if seen.insert(token.text).inserted { metrics.append(token.text) }
                }
            case .punctuation:
                switch token.text {
                case "{": braceDepth += 1
                case "}": braceDepth = max(0, braceDepth - 1)
                case "(": parenDepth += 1
                case ")":
                    if labelListDepth == parenDepth { labelListDepth = -1 }
                    parenDepth = max(0, parenDepth - 1)
                case "=", "!=", "=~", "!~": style = braceDepth > 0 ? .matcher : .op
                case ",", "[", "]", ":": break
                default: style = .op
                }
            case .end: break
            }
            if let style {
                html.span(className: style.className, token.text)
            } else {
                html.plain(token.text)
            }
        }
        if cursor < bytes.count { html.plain(text(cursor, bytes.count)) }
        return (html.html, metrics)
    }
}
