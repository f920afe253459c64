/// hugo-book's `{{< tabs "id" >}}{{< tab "Linux" >}} … {{< /tab >}}{{< /tabs >}}`: tabs that
/// work without scripts (a radio button per tab, CSS shows the checked one's panel).
struct TabsShortcode: ShortcodeHandler {
    var names: [String] { ["tabs"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        let number = context.counters["tabs", default: 0]
        context.counters["tabs"] = number + 1
        context.emitBlockHTML("<div class=\"tabs\">", for: tag)
        context.push(tag, self, state: number)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("</div>", for: opened)
    }
}

struct TabShortcode: ShortcodeHandler {
    var names: [String] { ["tab"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        let title = tag.argument("name", orPosition: 0) ?? "Tab"
        guard let group = context.open.lastIndex(where: { $0.tag.name == "tabs" }) else {
            context.report(.shortcodeArguments, "`tab` belongs inside `{{< tabs >}} … {{< /tabs >}}`", at: tag)
            context.emitBlockHTML("<div class=\"tab-panel\">", for: tag)
            context.push(tag, self)
            return
        }
        // The tab's number within its group, kept in the group's state above the group number.
        let key = "tab-\(group)-\(context.open[group].state)"
        let position = context.counters[key, default: 0]
        context.counters[key] = position + 1
        let id = "tabs-\(context.open[group].state)-\(position)"
        context.emitBlockFragment(
            "<input type=\"radio\" class=\"tab-toggle\" name=\"tabs-\(context.open[group].state)\" id=\"\(id)\"\(position == 0 ? " checked" : "")>"
                + "<label for=\"\(id)\">\(escapeHTML(title))</label>",
            for: tag)
        context.emitBlockHTML("<div class=\"tab-panel\">", for: tag)
        context.push(tag, self)
    }

    func close(_ opened: Shortcode, in context: ShortcodeContext) {
        context.emitBlockHTML("</div>", for: opened)
    }
}
