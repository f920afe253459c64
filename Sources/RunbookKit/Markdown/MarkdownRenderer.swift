import Foundation
import CCmark

/// Turns a page's expanded Markdown into HTML with libcmark, running our transforms over its
/// node tree in between: rule blocks in place of their placeholders, heading ids, tables,
/// definition lists, bare-URL links, curly quotes and `.md` links rewritten to page URLs.
public enum MarkdownRenderer {
    /// Raw HTML passes through: runbooks carry `<details>` blocks.
    static let options = CMARK_OPT_UNSAFE

    /// - Parameters:
    ///   - embeds: HTML for each placeholder text the shortcodes left.
    ///   - resolveLink: a page's URL for a link destination written in the page, or nil to keep it.
    ///   - rawHTML: `markup.goldmark.renderer.unsafe`; false leaves raw HTML out (`RawHTMLOmission`).
    static func render(_ body: ExpandedBody, file: String, embeds: [String: String], rawHTML: Bool = true,
                       resolveLink: (String) -> String?) -> RenderedMarkdown {
        // The tree lives in the arena and goes with it: no node is freed one by one (without
        // the arena, `RUNBOOK_CMARK_ARENA=off`, `renderInArena` frees the tree itself).
        CmarkArena.withArena { renderInArena(body, file: file, embeds: embeds, rawHTML: rawHTML, resolveLink: resolveLink) }
    }

    /// The parse: `cmark_parse_document` with the arena's allocator.
    private static func parse(_ markdown: String) -> OpaquePointer? {
        guard let parser = cmark_parser_new_with_mem(options, CmarkArena.allocator) else { return nil }
        defer { cmark_parser_free(parser) }
        var markdown = markdown
        markdown.withUTF8 { bytes in
            // Up to a NUL, as the C string it was given before.
            let count = firstOffset(of: 0, in: bytes, from: 0) ?? bytes.count
            bytes.withMemoryRebound(to: CChar.self) { cmark_parser_feed(parser, $0.baseAddress, count) }
        }
        return cmark_parser_finish(parser)
    }

    private static func renderInArena(_ body: ExpandedBody, file: String, embeds: [String: String], rawHTML: Bool,
                                      resolveLink: (String) -> String?) -> RenderedMarkdown {
        let fileLine = { (line: Int) in body.fileLine(forMarkdownLine: line) }
        guard let rootPointer = parse(body.markdown) else {
            return RenderedMarkdown(html: "", headings: [], links: [], startsWithTitle: false, summary: "", diagnostics: [])
        }
        defer { if !CmarkArena.isEnabled { cmark_node_free(rootPointer) } }
        let root = CmarkNode(rootPointer)
        cmark_consolidate_text_nodes(rootPointer)

        var nodes = root.descendants()
        let startsWithTitle = root.firstChild.map { $0.type == CMARK_NODE_HEADING && $0.headingLevel == 1 } ?? false
        let summary = nodes.first { $0.type == CMARK_NODE_PARAGRAPH && $0.parent == root }
            .map { truncated($0.plainText, to: 240) } ?? ""

        var diagnostics: [Diagnostic] = []
        if rawHTML {
            for (line, what) in UnsafeHTMLDetector.findings(in: nodes, fileLine: fileLine) {
                diagnostics.append(Diagnostic(.unsafeHTML, "raw HTML with \(what): runbooks must not run scripts in the reader's browser",
                                              at: SourceLocation(file: file, line: line, column: 1)))
            }
        } else {
            RawHTMLOmission.apply(to: nodes, keeping: Set(embeds.keys))
        }
        EmbedPlacement.apply(to: nodes, placeholders: embeds)
        let links = LinkRewriting.apply(to: nodes, resolve: resolveLink, fileLine: fileLine)
        // The node list is walked again only after a pass that changed the tree's shape (most
        // pages have no table, list or alert: each walk cost ~10,000 instructions a page). A
        // pass that reshapes without saying so would leave freed nodes in the list: debug
        // builds (the tests) check each pass's answer against a fresh walk.
        func afterPass(_ reshaped: Bool) {
            if reshaped { nodes = root.descendants() }
            assert(nodes.map(\.pointer) == root.descendants().map(\.pointer), "a Markdown pass reshaped the tree without saying so")
        }
        afterPass(Tables.apply(to: nodes, source: body.markdown))
        afterPass(DefinitionLists.apply(to: nodes))
        afterPass(GitHubAlerts.apply(to: nodes))
        afterPass(BareURLAutolinks.apply(to: nodes))
        SmartQuotes.apply(to: nodes)
        // The last two passes free the nodes they replace (headings, code blocks), so each is
        // given only its own kind, picked before either runs: asking a freed heading its type
        // read freed memory.
        let codeBlocks = nodes.picked(CMARK_NODE_CODE_BLOCK)
        let anchors = HeadingAnchors.apply(to: nodes.picked(CMARK_NODE_HEADING), fileLine: fileLine)
        CodeHighlighting.apply(to: codeBlocks)

        for (line, text) in anchors.setextLines {
            diagnostics.append(Diagnostic(.setextHeading,
                "the line after \"\(truncated(text, to: 60))\" is `---`, which makes the paragraph a heading; put a blank line before `---` if a horizontal rule was meant",
                at: SourceLocation(file: file, line: line, column: 1)))
        }
        for (line, text, id) in anchors.repeats {
            diagnostics.append(Diagnostic(.duplicateHeading,
                "heading \"\(truncated(text, to: 60))\" repeats an earlier one; its anchor becomes #\(id)",
                at: SourceLocation(file: file, line: line, column: 1)))
        }

        let html: String
        if let rendered = cmark_render_html(rootPointer, options) {
            html = String(cString: rendered)
            CmarkArena.allocator.pointee.free(rendered)
        } else {
            html = ""
        }
        return RenderedMarkdown(html: html, headings: anchors.headings, links: links,
                                startsWithTitle: startsWithTitle, summary: summary, diagnostics: diagnostics)
    }
}
