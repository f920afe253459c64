/// `{{% comment %}} … {{% /comment %}}`: the text vanishes from the page (nested comments
/// count), kept for the stale-copy check.
struct CommentShortcode: ShortcodeHandler {
    var names: [String] { ["comment"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        if tag.isSelfClosing { return }
        var depth = 1
        var cursor = context.index
        let pieces = context.pieces
        while cursor < pieces.count {
            if case .shortcode(let inner) = pieces[cursor], inner.name == "comment", !inner.isSelfClosing {
                depth += inner.isClosing ? -1 : 1
                if depth == 0 { break }
            }
            cursor += 1
        }
        guard cursor < pieces.count, case .shortcode(let closing) = pieces[cursor] else {
            context.report(.shortcodeUnclosed, "`comment` is never closed: add `{{% /comment %}}` where the hidden text ends", at: tag)
            context.index = pieces.count
            return
        }
        let innerStart = tag.range.upperBound
        context.comments.append(ExpandedBody.HiddenComment(
            text: String(context.text(innerStart..<closing.range.lowerBound)), line: context.fileLine(innerStart)))
        context.index = cursor + 1
    }
}
