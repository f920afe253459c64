import CCmark

/// Highlights fenced code blocks at build time (no script in the reader's browser): a block
/// whose info string names a known language (`promql`, `yaml`, `sh`, `console`, `json`, `sql`…)
/// becomes the same `<pre><code class="language-…">` libcmark writes, with `hl-` spans inside.
/// Other blocks stay as libcmark renders them.
enum CodeHighlighting {
    /// Runs last: it frees the code block nodes it replaces, so `nodes` must not be used after
    /// (nor hold nodes an earlier pass freed: the renderer gives it the code blocks alone).
    static func apply(to nodes: [CmarkNode]) {
        for node in nodes where node.type == CMARK_NODE_CODE_BLOCK {
            guard let info = cmark_node_get_fence_info(node.pointer).map({ String(cString: $0) }),
                  let language = CodeLanguage(fenceInfo: info),
                  let code = node.literal else { continue }
            let word = info.split(whereSeparator: { $0 == " " || $0 == "\t" }).first.map(String.init) ?? language.rawValue
            let html = "<pre><code class=\"language-\(escapeHTML(word))\">" + language.highlight(code) + "</code></pre>\n"
            let replacement = CmarkNode.make(CMARK_NODE_HTML_BLOCK)
            replacement.literal = html
            node.insertAfter(replacement)
            node.remove()
        }
    }
}
