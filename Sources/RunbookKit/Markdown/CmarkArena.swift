import CCmark
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Memory for libcmark while it parses and renders one page: small blocks are cut from 64 KB
/// chunks, and everything goes at once when the page is done. libcmark asked the C heap for
/// every node and buffer (265,000 calls on the corpus), and freeing the tree took a call per
/// node again.
///
/// libcmark's allocator functions take no context, so they find the arena the current thread
/// has entered; with none, they use the C heap. Every block starts with a header that says
/// where it came from, so a block is always grown and freed the way it was made. The arena
/// is plain memory, not a Swift object: a retain and a release per block cost as much as
/// cutting it.
enum CmarkArena {
    /// The allocator to hand libcmark (`cmark_parser_new_with_mem`, `cmark_node_new_with_mem`).
    nonisolated(unsafe) static let allocator: UnsafeMutablePointer<cmark_mem> = {
        let mem = UnsafeMutablePointer<cmark_mem>.allocate(capacity: 1)
        mem.initialize(to: cmark_mem(calloc: cmarkCalloc, realloc: cmarkRealloc, free: cmarkFree))
        return mem
    }()

    /// False with `RUNBOOK_CMARK_ARENA=off` in the environment: libcmark's blocks then come
    /// from the C heap one by one and are freed one by one, so `scripts/memcheck` sees a freed
    /// node read again (in an arena, its memory stays readable until the page is done).
    static let isEnabled = getenv("RUNBOOK_CMARK_ARENA").map { String(cString: $0) != "off" } ?? true

    /// Runs `body` with this thread's libcmark allocations in a new arena, then frees them all:
    /// nothing libcmark made inside may be used after it returns. (Without the arena, the
    /// caller frees what libcmark made.)
    static func withArena<Result>(_ body: () throws -> Result) rethrows -> Result {
        guard isEnabled else { return try body() }
        let arena = UnsafeMutablePointer<ArenaState>.allocate(capacity: 1)
        arena.initialize(to: ArenaState())
        let previous = pthread_getspecific(threadKey)
        pthread_setspecific(threadKey, arena)
        defer {
            pthread_setspecific(threadKey, previous)
            arena.pointee.freeAll()
            arena.deallocate()
        }
        return try body()
    }

    fileprivate static var current: UnsafeMutablePointer<ArenaState>? {
        pthread_getspecific(threadKey)?.assumingMemoryBound(to: ArenaState.self)
    }

    private static let threadKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()
}

/// One arena: the chunk being cut, the chunks before it (each begins with a link to the one
/// before), and the large blocks still held (each begins with links to its neighbours).
fileprivate struct ArenaState {
    static let chunkSize = 64 << 10
    /// Larger blocks (a page's HTML as it grows) come from the heap, each on its own, and are
    /// freed with the arena if libcmark has not freed them.
    static let largeBlock = 8 << 10
    /// A chunk's link to the chunk before it, ahead of its blocks.
    static let chunkLink = 16

    /// Where the current chunk's free room starts and ends (nil before the first chunk).
    var next: UnsafeMutableRawPointer?
    var end: UnsafeMutableRawPointer?
    /// The block handed out last: it can grow in place, and goes back if freed at once.
    var last: UnsafeMutableRawPointer?
    var newestChunk: UnsafeMutableRawPointer?
    var newestLarge: UnsafeMutableRawPointer?

    /// A block of `size` bytes, or nil when the heap has no room for a new chunk.
    mutating func allocate(_ size: Int) -> UnsafeMutableRawPointer? {
        let needed = BlockHeader.size + BlockHeader.rounded(size)
        if let start = next, let limit = end, limit - start >= needed {
            let block = start + BlockHeader.size
            BlockHeader.write(size: size, origin: .arena, before: block)
            next = start + needed
            last = block
            return block
        }
        guard let chunk = malloc(Self.chunkSize) else { return nil }
        chunk.storeBytes(of: newestChunk, as: UnsafeMutableRawPointer?.self)
        newestChunk = chunk
        next = chunk + Self.chunkLink
        end = chunk + Self.chunkSize
        return allocate(size)
    }

    /// The block made `size` long in place, when it was the last one handed out and the chunk
    /// has room; else nil.
    mutating func resize(_ block: UnsafeMutableRawPointer, to size: Int) -> UnsafeMutableRawPointer? {
        guard block == last, let limit = end, limit - block >= BlockHeader.rounded(size) else { return nil }
        BlockHeader.write(size: size, origin: .arena, before: block)
        next = block + BlockHeader.rounded(size)
        return block
    }

    /// A block given back: its room is reused only when it was the last one handed out
    /// (libcmark frees its delimiter and bracket records in that order).
    mutating func release(_ block: UnsafeMutableRawPointer) {
        #if DEBUG
        // A freed node read by mistake is garbage in the tests, not a quietly stale answer.
        memset(block, 0xDB, BlockHeader.size(of: block))
        #endif
        guard block == last else { return }
        next = block - BlockHeader.size
        last = nil
    }

    /// A large block's own memory, linked in ahead of its header.
    mutating func addLarge(_ size: Int) -> UnsafeMutableRawPointer? {
        guard size <= Int.max - LargeLinks.size - BlockHeader.size, let raw = malloc(size + LargeLinks.size + BlockHeader.size) else { return nil }
        let block = raw + LargeLinks.size + BlockHeader.size
        BlockHeader.write(size: size, origin: .large, before: block)
        link(block)
        return block
    }

    /// A large block grown where the heap puts it, still linked.
    mutating func resizeLarge(_ block: UnsafeMutableRawPointer, to size: Int) -> UnsafeMutableRawPointer? {
        guard size <= Int.max - LargeLinks.size - BlockHeader.size else { return nil }
        unlink(block)
        guard let raw = realloc(LargeLinks.start(of: block), size + LargeLinks.size + BlockHeader.size) else {
            link(block)  // realloc left it where it was
            return nil
        }
        let moved = raw + LargeLinks.size + BlockHeader.size
        BlockHeader.write(size: size, origin: .large, before: moved)
        link(moved)
        return moved
    }

    mutating func freeLarge(_ block: UnsafeMutableRawPointer) {
        unlink(block)
        free(LargeLinks.start(of: block))
    }

    mutating func freeAll() {
        while let block = newestLarge { freeLarge(block) }
        while let chunk = newestChunk {
            newestChunk = chunk.load(as: UnsafeMutableRawPointer?.self)
            free(chunk)
        }
    }

    private mutating func link(_ block: UnsafeMutableRawPointer) {
        LargeLinks.set(block, previous: nil, next: newestLarge)
        if let newer = newestLarge { LargeLinks.set(newer, previous: block) }
        newestLarge = block
    }

    private mutating func unlink(_ block: UnsafeMutableRawPointer) {
        let (previous, following) = LargeLinks.get(block)
        if let previous { LargeLinks.set(previous, next: following) } else { newestLarge = following }
        if let following { LargeLinks.set(following, previous: previous) }
    }
}

/// The 16 bytes before each block: its size and where it came from.
private enum BlockHeader {
    enum Origin: Int { case arena = 1, large, heap }

    static let size = 16

    static func rounded(_ size: Int) -> Int { (size + 15) & ~15 }

    static func write(size: Int, origin: Origin, before block: UnsafeMutableRawPointer) {
        (block - Self.size).storeBytes(of: size, as: Int.self)
        (block - Self.size + 8).storeBytes(of: origin.rawValue, as: Int.self)
    }

    static func size(of block: UnsafeMutableRawPointer) -> Int {
        (block - Self.size).load(as: Int.self)
    }

    static func origin(of block: UnsafeMutableRawPointer) -> Origin {
        Origin(rawValue: (block - Self.size + 8).load(as: Int.self)) ?? .heap
    }
}

/// The 16 bytes before a large block's header: the blocks linked before and after it (toward
/// newer and older), so the arena frees those libcmark left.
private enum LargeLinks {
    static let size = 16

    static func start(of block: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer { block - BlockHeader.size - size }

    static func get(_ block: UnsafeMutableRawPointer) -> (previous: UnsafeMutableRawPointer?, next: UnsafeMutableRawPointer?) {
        (start(of: block).load(as: UnsafeMutableRawPointer?.self), (start(of: block) + 8).load(as: UnsafeMutableRawPointer?.self))
    }

    static func set(_ block: UnsafeMutableRawPointer, previous: UnsafeMutableRawPointer?, next: UnsafeMutableRawPointer?) {
        start(of: block).storeBytes(of: previous, as: UnsafeMutableRawPointer?.self)
        (start(of: block) + 8).storeBytes(of: next, as: UnsafeMutableRawPointer?.self)
    }

    static func set(_ block: UnsafeMutableRawPointer, previous: UnsafeMutableRawPointer?) {
        start(of: block).storeBytes(of: previous, as: UnsafeMutableRawPointer?.self)
    }

    static func set(_ block: UnsafeMutableRawPointer, next: UnsafeMutableRawPointer?) {
        (start(of: block) + 8).storeBytes(of: next, as: UnsafeMutableRawPointer?.self)
    }
}

/// A block from the current arena (cut, or on its own when large), or from the heap when the
/// thread has no arena; nil when there is no memory (libcmark then stops the program, as it
/// does with its own allocator).
private func allocateBlock(_ size: Int) -> UnsafeMutableRawPointer? {
    if let arena = CmarkArena.current {
        return size <= ArenaState.largeBlock ? arena.pointee.allocate(size) : arena.pointee.addLarge(size)
    }
    guard size <= Int.max - BlockHeader.size, let raw = malloc(size + BlockHeader.size) else { return nil }
    let block = raw + BlockHeader.size
    BlockHeader.write(size: size, origin: .heap, before: block)
    return block
}

private func cmarkCalloc(_ count: Int, _ size: Int) -> UnsafeMutableRawPointer? {
    let (total, overflow) = count.multipliedReportingOverflow(by: size)
    guard !overflow, let block = allocateBlock(total) else { return nil }
    memset(block, 0, total)
    return block
}

private func cmarkRealloc(_ block: UnsafeMutableRawPointer?, _ size: Int) -> UnsafeMutableRawPointer? {
    guard let block else { return allocateBlock(size) }
    let arena = CmarkArena.current
    switch BlockHeader.origin(of: block) {
    case .arena:
        if size <= ArenaState.largeBlock, let grown = arena?.pointee.resize(block, to: size) { return grown }
    case .large:
        if let arena { return arena.pointee.resizeLarge(block, to: size) }
    case .heap:
        guard size <= Int.max - BlockHeader.size, let raw = realloc(block - BlockHeader.size, size + BlockHeader.size) else { return nil }
        BlockHeader.write(size: size, origin: .heap, before: raw + BlockHeader.size)
        return raw + BlockHeader.size
    }
    guard let moved = allocateBlock(size) else { return nil }
    memcpy(moved, block, min(BlockHeader.size(of: block), size))
    return moved
}

private func cmarkFree(_ block: UnsafeMutableRawPointer?) {
    guard let block else { return }
    switch BlockHeader.origin(of: block) {
    case .arena: CmarkArena.current?.pointee.release(block)
    case .large: CmarkArena.current?.pointee.freeLarge(block)
    case .heap: free(block - BlockHeader.size)
    }
}
