/// Hugo's `{{< highlight go "linenos=table" >}} code {{< /highlight >}}`: a code block in that
/// language, shown exactly as written (shortcodes and Markdown inside are not read).
struct HighlightShortcode: ShortcodeHandler {
    var names: [String] { ["highlight"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let inner = context.takeInner(of: tag) else { return }
        let language = tag.argument("lang", orPosition: 0).map { $0.filter { $0.isLetter || $0.isNumber || "+-_#.".contains($0) } } ?? ""
        let code = inner.drop { $0 == "\n" || $0 == "\r" }
        let trimmed = code.hasSuffix("\n") ? String(code.dropLast()) : String(code)
        let classes = language.isEmpty ? "" : " class=\"language-\(language)\""
        context.emitFragment("<pre><code\(classes)>\(escapeHTML(trimmed))\n</code></pre>", for: tag)
    }
}
