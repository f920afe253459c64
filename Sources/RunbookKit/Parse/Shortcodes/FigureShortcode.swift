/// Hugo's `{{< figure src="img/x.png" alt="…" caption="…" title="…" link="…" >}}`: the image
/// is written as Markdown, so its address resolves like any image's (relative to the page's
/// file) and lint checks it; the caption becomes a `<figcaption>`.
struct FigureShortcode: ShortcodeHandler {
    var names: [String] { ["figure"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let source = tag.argument("src", orPosition: 0), !source.isEmpty else {
            context.report(.shortcodeArguments, "`figure` needs the image: {{< figure src=\"img/graph.png\" caption=\"…\" >}}", at: tag)
            return
        }
        func named(_ key: String) -> String? { tag.named.first { $0.key == key }?.value }
        let alt = named("alt") ?? named("caption") ?? ""
        var image = "![\(markdownText(alt))](<\(source.filter { $0 != "<" && $0 != ">" && $0 != "\n" })>"
        if let title = named("title") { image += " \"\(title.replacing("\"", with: "\\\""))\"" }
        image += ")"
        if let link = named("link") { image = "[\(image)](<\(link.filter { $0 != "<" && $0 != ">" && $0 != "\n" })>)" }
        let classes = named("class").map { " class=\"\(escapeHTML($0))\"" } ?? ""
        var html = "<figure\(classes)>\n\n\(image)\n\n"
        let caption = [named("title").map { "<h4>\(escapeHTML($0))</h4>" }, named("caption").map { "<p>\(escapeHTML($0))</p>" }]
            .compactMap { $0 }.joined()
        if !caption.isEmpty { html += "<figcaption>\(caption)</figcaption>\n" }
        html += "</figure>"
        context.emitBlockHTML(html, for: tag)
    }

    /// Alt text with the characters that would end or change the Markdown image escaped.
    private func markdownText(_ text: String) -> String {
        var result = ""
        for character in text where character != "\n" {
            if "[]\\`*_<>".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
