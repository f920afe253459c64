import CCmark

/// Rewrites links to `.md` files into the pages' URLs and records every link and image with
/// its position, for lint.
enum LinkRewriting {
    static func apply(to nodes: [CmarkNode], resolve: (String) -> String?, fileLine: (Int) -> Int) -> [RenderedMarkdown.Link] {
        var links: [RenderedMarkdown.Link] = []
        for node in nodes where node.type == CMARK_NODE_LINK || node.type == CMARK_NODE_IMAGE {
            guard let destination = node.url else { continue }
            var href = destination
            if let rewritten = resolve(destination) {
                href = rewritten
                node.url = rewritten
            }
            // Inline nodes carry no position in libcmark 0.30; the enclosing block's line is the best we have.
            var positioned: CmarkNode? = node
            while let current = positioned, current.startLine == 0 { positioned = current.parent }
            links.append(RenderedMarkdown.Link(
                destination: destination, href: href, isImage: node.type == CMARK_NODE_IMAGE,
                line: fileLine(positioned?.startLine ?? 1), column: max(1, positioned?.startColumn ?? 1)))
        }
        return links
    }
}
