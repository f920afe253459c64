/// hugo-book's `{{% hint info %}} … {{% /hint %}}` (also `warning`, `danger`, and the newer
/// `type=` / `title=` form): a coloured box around Markdown.
struct HintShortcode: ShortcodeHandler {
    static let kinds = ["info", "warning", "danger", "note", "tip", "important", "caution"]
    var names: [String] { ["hint"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        let requested = (tag.argument("type", orPosition: 0) ?? "info").lowercased()
        let kind = Self.kinds.contains(requested) ? requested : "info"
        var html = "<div class=\"hint \(kind)\">"
        if let title = tag.named.first(where: { $0.key == "title" })?.value, !title.isEmpty {
            html += "\n<p class=\"hint-title\">\(escapeHTML(title))</p>"
        }
        context.emitBlockHTML(html, for: tag)
        context.push(tag, self)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("</div>", for: opened)
    }
}

/// Hugo's `{{< details summary="More" open=true >}}` and hugo-book's `{{< details "More" open >}}`
/// and `{{< expand "More" >}}`: a collapsed `<details>` block around Markdown.
struct DetailsShortcode: ShortcodeHandler {
    var names: [String] { ["details", "expand"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        let title = tag.named.first(where: { $0.key == "summary" || $0.key == "title" })?.value
            ?? tag.positional.first(where: { $0 != "open" })
            ?? (tag.name == "expand" ? "Expand" : "Details")
        let isOpen = ShortcodeContext.flag(tag, "open")
        context.emitBlockHTML("<details class=\"\(tag.name)\"\(isOpen ? " open" : "")><summary>\(escapeHTML(title))</summary>", for: tag)
        context.push(tag, self)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("</details>", for: opened)
    }
}

/// hugo-book's `{{< columns >}} left <---> right {{< /columns >}}`: side-by-side Markdown
/// columns, split at lines holding only `<--->`.
struct ColumnsShortcode: ShortcodeHandler {
    static let separator = "<--->"
    var names: [String] { ["columns"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("<div class=\"columns\">\n<div class=\"column\">", for: tag)
        context.push(tag, self)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("</div>\n</div>", for: opened)
    }

    func text(_ piece: Substring, startingAt line: Int, in context: ShortcodeContext) -> Bool {
        guard piece.contains(Self.separator) else { return false }
        var current = line
        for (offset, text) in piece.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if offset > 0 { context.builder.appendOriginal("\n", startingAt: current - 1) }
            if text.trimmingHorizontalWhitespace() == Self.separator {
                context.builder.appendGenerated("\n</div>\n<div class=\"column\">\n", at: current)
            } else {
                context.builder.appendOriginal(text, startingAt: current)
            }
            current += 1
        }
        return true
    }
}

/// hugo-book's `{{< button href="…" >}}Label{{< /button >}}` (or `relref="page"`): a link drawn
/// as a button. Addresses that would run code are refused.
struct ButtonShortcode: ShortcodeHandler {
    var names: [String] { ["button"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        var href = tag.argument("href", orPosition: 0) ?? "#"
        if let target = tag.named.first(where: { $0.key == "relref" || $0.key == "ref" })?.value {
            let (pagePart, anchor) = splitAnchor(target)
            if let url = context.environment.resolvePage(pagePart, parentPath(context.contentPath)) {
                href = url + anchor
            } else {
                context.report(.refNotFound, "`button` names a page that does not exist: '\(pagePart)'", at: tag)
            }
        }
        let scheme = href.lowercased().filter { !$0.isWhitespace }
        if scheme.hasPrefix("javascript:") || scheme.hasPrefix("data:") || scheme.hasPrefix("vbscript:") {
            context.report(.shortcodeArguments, "`button` links to a `\(scheme.prefix { $0 != ":" }):` address, which would run code; link a page or an https address", at: tag)
            href = "#"
        }
        context.emit("<a class=\"button\" href=\"\(escapeHTML(href))\">", for: tag)
        context.push(tag, self)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emit("</a>", for: opened)
    }
}
