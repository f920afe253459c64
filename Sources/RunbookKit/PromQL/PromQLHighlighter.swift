/// Highlights PromQL text as HTML: each token in a `<span class="hl-…">`, the text between
/// tokens (spaces, line breaks) copied, everything HTML-escaped. Works from tokens and their
/// neighbours, not the tree, so it also colours expressions that do not parse (a code block
/// with a `$job` placeholder); after a lexical error the rest is shown plain.
public enum PromQLHighlighter {
    /// Each kind of token; its CSS class is `hl-` and its name.
    public enum Style: Sendable, CaseIterable {
        case metric, label, matcher, string, function, aggregation, keyword, duration, number, op, comment

        /// Static text, which `HighlightedHTML.span` copies as it is.
        var name: StaticString {
            switch self {
            case .metric: "metric"
            case .label: "label"
            case .matcher: "matcher"
            case .string: "string"
            case .function: "function"
            case .aggregation: "aggregation"
            case .keyword: "keyword"
            case .duration: "duration"
            case .number: "number"
            case .op: "operator"
            case .comment: "comment"
            }
        }
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

        // The text between tokens (spaces, line breaks) copied from the bytes: no String each.
        func plain(_ start: Int, _ end: Int) {
            guard start < end else { return }
            bytes.withUnsafeBufferPointer { html.plain(UnsafeBufferPointer(rebasing: $0[start..<end])) }
        }

        for token in tokens where token.kind != .end {
            plain(cursor, token.start)
            cursor = token.end
            var style: Style?
            if token.kind != .comment {
                nextIndex += 1
            }
            let next = nextIndex < significant.count ? significant[nextIndex] : nil
            let previous = nextIndex >= 2 ? significant[nextIndex - 2] : nil
            switch token.kind {
            case .comment: style = .comment
            case .string: style = braceDepth > 0 && next.map { $0.kind == .punctuation && isMatcher($0.text) } == true ? .label : .string
            case .number: style = .number
            case .duration: style = .duration
            case .identifier:
                let lowered = token.lowered
                let opensParen = next?.isPunctuation("(") == true
                if braceDepth > 0 || labelListDepth >= 0 {
                    style = .label
                } else if isLabelListKeyword(lowered) {
                    style = .keyword
                    if opensParen { labelListDepth = parenDepth + 1 }
                } else if isWordOperator(lowered) {
                    style = .op
                } else if lowered == "bool" || lowered == "offset" {
                    style = .keyword
                } else if previous?.isPunctuation("@") == true, lowered == "start" || lowered == "end" {
                    style = .keyword
                } else if PromQLFunctions.aggregations[lowered] != nil,
                          opensParen || next.map({ $0.kind == .identifier && isGrouping($0.lowered) }) == true {
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
                html.span(style.name, token.text)  // `hl-` and the name: no String joined per token
            } else {
                html.plain(token.text)
            }
        }
        plain(cursor, bytes.count)
        return (html.html, metrics)
    }

    // Switches, not `[…].contains`: an array literal of Strings is built on every call.
    private static func isMatcher(_ text: String) -> Bool {
        switch text {
        case "=", "!=", "=~", "!~": return true
        default: return false
        }
    }

    private static func isLabelListKeyword(_ word: String) -> Bool {
        switch word {
        case "by", "without", "on", "ignoring", "group_left", "group_right": return true
        default: return false
        }
    }

    private static func isWordOperator(_ word: String) -> Bool {
        switch word {
        case "and", "or", "unless", "atan2": return true
        default: return false
        }
    }

    private static func isGrouping(_ word: String) -> Bool { word == "by" || word == "without" }
}
