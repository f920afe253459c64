/// Hands memory the process has freed back to the system. glibc keeps freed blocks in its
/// per-thread arenas, so a large build's peak counted the sources and bodies it had let go.
enum FreedMemory {
    static func release() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)
        #endif
    }
}

#if canImport(Glibc)
// `malloc.h` is not part of Swift's Glibc module.
@_silgen_name("malloc_trim")
private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
