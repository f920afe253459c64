/// hugo-book's `{{< mermaid >}}` diagrams and `{{< katex >}}` formulas. Their source stays on
/// the page, escaped and readable (a `<pre class="mermaid">`, a `<span class="math">`); the
/// script that draws them is loaded only when the configuration names one (`mermaidScript`,
/// `katexScript`), once per page, after the first block.
struct MermaidShortcode: ShortcodeHandler {
    var names: [String] { ["mermaid"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let inner = context.takeInner(of: tag) else { return }
        let source = inner.trimmingCharacters(in: .whitespacesAndNewlines)
        var html = "<pre class=\"mermaid\">\(escapeHTML(source))</pre>"
        if let script = context.environment.scripts.mermaid, context.counters["mermaid-script"] == nil {
            context.counters["mermaid-script"] = 1
            html += "\n<script type=\"module\">import mermaid from \(jsonString(script)); mermaid.initialize({ startOnLoad: true });</script>"
        }
        context.emitFragment(html, for: tag)
    }
}

struct KatexShortcode: ShortcodeHandler {
    var names: [String] { ["katex"] }

    func open(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let inner = context.takeInner(of: tag) else { return }
        let source = escapeHTML(inner.trimmingCharacters(in: .whitespacesAndNewlines))
        let display = ShortcodeContext.flag(tag, "display") || ShortcodeContext.flag(tag, "block")
        var html = display ? "<div class=\"math display\">\\[\(source)\\]</div>" : "<span class=\"math\">\\(\(source)\\)</span>"
        let scripts = context.environment.scripts
        if let script = scripts.katex, context.counters["katex-script"] == nil {
            context.counters["katex-script"] = 1
            if let stylesheet = scripts.katexStylesheet {
                html += "<link rel=\"stylesheet\" href=\"\(escapeHTML(stylesheet))\">"
            }
            html += "<script type=\"module\" src=\"\(escapeHTML(script))\"></script>"
        }
        context.emitFragment(html, for: tag)
    }
}
