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
        let fileLine = { (line: Int) in body.fileLine(forMarkdownLine: line) }
        guard let rootPointer = body.markdown.withCString({ cmark_parse_document($0, strlen($0), options) }) else {
            return RenderedMarkdown(html: "", headings: [], links: [], startsWithTitle: false, summary: "", diagnostics: [])
        }
        defer { cmark_node_free(rootPointer) }
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
            free(rendered)
        } else {
            html = ""
        }
        return RenderedMarkdown(html: html, headings: anchors.headings, links: links,
                                startsWithTitle: startsWithTitle, summary: summary, diagnostics: diagnostics)
    }
}

/// White space collapsed, at most `limit` characters, cut at a word with an ellipsis.
/// Works on UTF-8 bytes: this runs for every page's summary and search record.
func truncated(_ text: String, to limit: Int) -> String {
    var text = text
    var cut = false
    // Written straight into the String's storage: no per-byte array appends. The output is
    // never longer than the input (a run of white space becomes at most one space) nor than
    // `limit` characters of at most four bytes.
    let output = text.withUTF8 { bytes in
        String(unsafeUninitializedCapacity: min(bytes.count, max(limit, 0) * 4)) { buffer in
            var count = 0
            var characters = 0
            var pendingSpace = false
            var lastSpace = -1
            for byte in bytes {
                if byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C {
                    pendingSpace = count > 0
                    continue
                }
                if byte & 0xC0 != 0x80 {  // starts a character
                    if pendingSpace {
                        if characters + 1 > limit {
                            cut = true
                            break
                        }
                        lastSpace = count
                        buffer[count] = 0x20
                        count += 1
                        characters += 1
                        pendingSpace = false
                    }
                    if characters + 1 > limit {
                        cut = true
                        break
                    }
                    characters += 1
                }
                buffer[count] = byte
                count += 1
            }
            return cut && lastSpace >= 0 ? lastSpace : count
        }
    }
    return cut ? output + "…" : output
}

/// `truncated(text, to: limit)` appended as a JSON string, as `appendJSONString` writes it.
/// A search record's text is collapsed already (one space between words, none at the ends),
/// and then the cut is a prefix of its own bytes: found, not copied into a new String (that
/// copy and its UTF-8 check were 36,000 instructions a page). Other text takes `truncated`.
func appendTruncatedJSONString(_ text: String, to limit: Int, to json: inout [UInt8]) {
    var text = text
    let done: Bool = text.withUTF8 { bytes in
        guard limit > 0 else { return false }
        var characters = 0
        var lastSpace = -1
        var index = 0
        while index < bytes.count {
            // Eight characters a step while they end before the limit: a word of running text
            // is kept as it is.
            if index + 8 <= bytes.count && characters + 8 <= limit,
               let spaces = WordScan.singleSpaces(inRunningText: WordScan.word(bytes, at: index)) {
                if spaces != 0 { lastSpace = index + (63 - spaces.leadingZeroBitCount) / 8 }
                characters += 8
                index += 8
                continue
            }
            let byte = bytes[index]
            index += 1
            if byte & 0xC0 == 0x80 { continue }  // inside a character
            if isCollapsible(byte) {
                // Only one space between two words is kept as it is.
                let at = index - 1
                guard byte == 0x20, at > 0, bytes[at - 1] != 0x20, at + 1 < bytes.count,
                      !isCollapsible(bytes[at + 1]) else { return false }
            }
            if characters == limit {
                // `truncated` cuts before this character, at the last space it kept if any.
                appendJSONString(UnsafeBufferPointer(rebasing: bytes[..<(lastSpace >= 0 ? lastSpace : index - 1)]), then: "…", to: &json)
                return true
            }
            if byte == 0x20 { lastSpace = index - 1 }
            characters += 1
        }
        appendJSONString(bytes, to: &json)
        return true
    }
    if !done { appendJSONString(truncated(text, to: limit), to: &json) }
}

/// The white space `truncated` collapses.
@inline(__always)
private func isCollapsible(_ byte: UInt8) -> Bool {
    byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D || byte == 0x0C
}
