import Testing
import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
@testable import RunbookKit

/// libcmark's allocator: blocks zeroed, kept apart and carried over when they grow, inside a
/// page's arena and outside one.
@Suite struct CmarkArenaTests {
    let mem = CmarkArena.allocator.pointee

    /// Fills `count` bytes with `value` and checks that they still hold it.
    private func fill(_ block: UnsafeMutableRawPointer, _ count: Int, with value: UInt8) {
        block.initializeMemory(as: UInt8.self, repeating: value, count: count)
    }

    private func holds(_ block: UnsafeMutableRawPointer, _ count: Int, _ value: UInt8) -> Bool {
        UnsafeRawBufferPointer(start: block, count: count).allSatisfy { $0 == value }
    }

    @Test func blocksAreZeroedKeptApartAndCarriedOverWhenTheyGrow() throws {
        try CmarkArena.withArena {
            // Enough small blocks to fill several chunks, each with its own bytes.
            var blocks: [UnsafeMutableRawPointer] = []
            for index in 0..<3000 {
                let block = try #require(mem.calloc(1, 40 + index % 50))
                #expect(holds(block, 40 + index % 50, 0))
                fill(block, 40 + index % 50, with: UInt8(index % 251))
                blocks.append(block)
            }
            for (index, block) in blocks.enumerated() { #expect(holds(block, 40 + index % 50, UInt8(index % 251))) }

            // The last block grows in place; an older one moves; both keep their bytes, and
            // one grown past the large size comes from the heap and back.
            var last = try #require(blocks.last)
            last = try #require(mem.realloc(last, 500))
            #expect(holds(last, 40 + 2999 % 50, UInt8(2999 % 251)))
            var first = try #require(mem.realloc(blocks[0], 30_000))
            #expect(holds(first, 40, 0))
            fill(first, 30_000, with: 7)
            first = try #require(mem.realloc(first, 100_000))
            #expect(holds(first, 30_000, 7))
            mem.free(first)
            mem.free(last)
            for (index, block) in blocks.enumerated().dropFirst().dropLast() { #expect(holds(block, 40 + index % 50, UInt8(index % 251))) }
            _ = try #require(mem.calloc(1, 50_000))  // left for the arena to free
        }
    }

    @Test func withoutAnArenaBlocksComeFromTheHeap() throws {
        var block = try #require(mem.calloc(4, 8))
        #expect(holds(block, 32, 0))
        fill(block, 32, with: 9)
        block = try #require(mem.realloc(block, 20_000))
        #expect(holds(block, 32, 9))
        mem.free(block)
        #expect(mem.calloc(Int.max, 2) == nil)
    }

    /// A document parsed and rendered in the arena (many chunks, its HTML a large block)
    /// comes out as with libcmark's own allocator.
    @Test func documentsRenderAsWithLibcmarksOwnAllocator() throws {
        let markdown = String(repeating: """
            # Title *with* `code` and a [link](https://example.org "t")

            > quote with **strong** _emphasis_ and a [reference][ref]

            - item one
            - item two with <span>html</span> &amp; an entity

            ```yaml
            key: value
            ```

            [ref]: https://example.org/ref

            """, count: 300)
        let expected = try #require(cmark_markdown_to_html(markdown, markdown.utf8.count, CMARK_OPT_UNSAFE))
        defer { free(expected) }
        let rendered: String? = CmarkArena.withArena {
            guard let parser = cmark_parser_new_with_mem(CMARK_OPT_UNSAFE, CmarkArena.allocator) else { return nil }
            cmark_parser_feed(parser, markdown, markdown.utf8.count)
            let root = cmark_parser_finish(parser)
            cmark_parser_free(parser)
            return cmark_render_html(root, CMARK_OPT_UNSAFE).map { String(cString: $0) }
        }
        #expect(rendered == String(cString: expected))
        #expect((rendered?.utf8.count ?? 0) > 100_000)
    }
}
