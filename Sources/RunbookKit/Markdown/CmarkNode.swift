import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A thin, non-owning view of a libcmark node. The document that owns the tree frees it; the
/// transforms here only relink nodes or create new ones inside that tree.
struct CmarkNode: Equatable {
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) { self.pointer = pointer }

    init?(_ pointer: OpaquePointer?) {
        guard let pointer else { return nil }
        self.pointer = pointer
    }

    /// A new node, in the page's arena (`CmarkArena`) like the tree it joins.
    static func make(_ type: cmark_node_type) -> CmarkNode {
        // libcmark only returns NULL when malloc fails, which it treats as fatal itself.
        CmarkNode(cmark_node_new_with_mem(type, CmarkArena.allocator)!)
    }

    /// A custom block whose HTML is `enter`, its children, then `exit`.
    static func customBlock(enter: String, exit: String) -> CmarkNode {
        let node = make(CMARK_NODE_CUSTOM_BLOCK)
        node.setCustomHTML(enter: enter, exit: exit)
        return node
    }

    /// A block that renders exactly `enter`, its inline children, then `exit`, on one line:
    /// libcmark puts line breaks around a custom block's own texts, so the tags go on a custom
    /// inline inside an empty custom block.
    static func inlineBlock(enter: String, exit: String) -> (block: CmarkNode, content: CmarkNode) {
        inlineBlock { $0.setCustomHTML(enter: enter, exit: exit) }
    }

    /// `inlineBlock` from one buffer that holds both tags as UTF-8, each ended by a NUL (`exit`
    /// from `exitStart`), which libcmark copies: no String made.
    static func inlineBlock(tags: [UInt8], exitStart: Int) -> (block: CmarkNode, content: CmarkNode) {
        inlineBlock { content in
            tags.withUnsafeBytes { raw in
                let enter = raw.bindMemory(to: CChar.self).baseAddress
                cmark_node_set_on_enter(content.pointer, enter)
                cmark_node_set_on_exit(content.pointer, enter.map { $0 + exitStart })
            }
        }
    }

    private static func inlineBlock(setTags: (CmarkNode) -> Void) -> (block: CmarkNode, content: CmarkNode) {
        let block = customBlock(enter: "", exit: "")
        let content = make(CMARK_NODE_CUSTOM_INLINE)
        setTags(content)
        block.append(content)
        return (block, content)
    }

    /// Strings go to libcmark through `withCString`, which lends a native String's own
    /// storage: passed as they are, each became a new `ContiguousArray` copy (two
    /// allocations and 500 instructions a call, four calls a heading).
    private func setCustomHTML(enter: String, exit: String) {
        _ = enter.withCString { cmark_node_set_on_enter(pointer, $0) }
        _ = exit.withCString { cmark_node_set_on_exit(pointer, $0) }
    }

    private static func withOptionalCString<Result>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> Result) -> Result {
        guard let text else { return body(nil) }
        return text.withCString(body)
    }

    static func text(_ literal: String) -> CmarkNode {
        let node = make(CMARK_NODE_TEXT)
        node.literal = literal
        return node
    }

    var type: cmark_node_type { cmark_node_get_type(pointer) }
    var firstChild: CmarkNode? { CmarkNode(cmark_node_first_child(pointer)) }
    var lastChild: CmarkNode? { CmarkNode(cmark_node_last_child(pointer)) }
    var next: CmarkNode? { CmarkNode(cmark_node_next(pointer)) }
    var previous: CmarkNode? { CmarkNode(cmark_node_previous(pointer)) }
    var parent: CmarkNode? { CmarkNode(cmark_node_parent(pointer)) }
    var startLine: Int { Int(cmark_node_get_start_line(pointer)) }
    var startColumn: Int { Int(cmark_node_get_start_column(pointer)) }
    var endLine: Int { Int(cmark_node_get_end_line(pointer)) }
    var headingLevel: Int { Int(cmark_node_get_heading_level(pointer)) }

    var literal: String? {
        get { cmark_node_get_literal(pointer).map { String(cString: $0) } }
        nonmutating set { _ = Self.withOptionalCString(newValue) { cmark_node_set_literal(pointer, $0) } }
    }

    /// The literal's UTF-8 bytes where cmark keeps them, valid only during the call (no String
    /// made: passes that look at every text node mostly leave it as it is); nil without one.
    func withLiteralBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result? {
        guard let literal = cmark_node_get_literal(pointer) else { return nil }
        return literal.withMemoryRebound(to: UInt8.self, capacity: 1) { start in
            body(UnsafeBufferPointer(start: start, count: strlen(literal)))
        }
    }

    var url: String? {
        get { cmark_node_get_url(pointer).map { String(cString: $0) } }
        nonmutating set { _ = Self.withOptionalCString(newValue) { cmark_node_set_url(pointer, $0) } }
    }

    var children: [CmarkNode] {
        var result: [CmarkNode] = []
        var child = firstChild
        while let current = child {
            result.append(current)
            child = current.next
        }
        return result
    }

    var isBlock: Bool {
        let raw = type.rawValue
        return raw >= CMARK_NODE_FIRST_BLOCK.rawValue && raw <= CMARK_NODE_LAST_BLOCK.rawValue
    }

    func append(_ child: CmarkNode) { cmark_node_append_child(pointer, child.pointer) }
    func insertBefore(_ sibling: CmarkNode) { cmark_node_insert_before(pointer, sibling.pointer) }
    func insertAfter(_ sibling: CmarkNode) { cmark_node_insert_after(pointer, sibling.pointer) }
    func unlink() { cmark_node_unlink(pointer) }

    /// Unlinks and frees this node and its subtree.
    func remove() {
        cmark_node_unlink(pointer)
        cmark_node_free(pointer)
    }

    /// Moves every child of `other` to the end of this node.
    func adoptChildren(of other: CmarkNode) {
        while let child = other.firstChild {
            child.unlink()
            append(child)
        }
    }

    /// A paragraph's inline children cut into its source lines at soft and hard breaks (the
    /// breaks themselves are left out, still in the tree).
    var inlineLines: [[CmarkNode]] {
        var lines: [[CmarkNode]] = [[]]
        for child in children {
            if child.type == CMARK_NODE_SOFTBREAK || child.type == CMARK_NODE_LINEBREAK {
                lines.append([])
            } else {
                lines[lines.count - 1].append(child)
            }
        }
        return lines
    }

    /// The text a reader sees: literals of text and code descendants, breaks as spaces.
    var plainText: String {
        var result = ""
        collectText(into: &result)
        return result
    }

    private func collectText(into result: inout String) {
        switch type {
        case CMARK_NODE_TEXT, CMARK_NODE_CODE:
            result += literal ?? ""
        case CMARK_NODE_SOFTBREAK, CMARK_NODE_LINEBREAK:
            result += " "
        default:
            var child = firstChild
            while let current = child {
                current.collectText(into: &result)
                child = current.next
            }
        }
    }

    /// Every node of the subtree in document order (the node itself first), collected before
    /// any transform changes the tree.
    func descendants() -> [CmarkNode] {
        var result: [CmarkNode] = []
        guard let iterator = cmark_iter_new(pointer) else { return result }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let node = CmarkNode(cmark_iter_get_node(iterator)) { result.append(node) }
        }
        return result
    }
}

extension Array where Element == CmarkNode {
    /// The nodes of one type, picked before a pass changes the tree. A pass that replaces a
    /// node frees what is left inside it, and those nodes come later in the list: asking a
    /// freed node its type reads freed memory (`scripts/memcheck` finds it).
    func picked(_ type: cmark_node_type) -> [CmarkNode] { filter { $0.type == type } }
}
