import Synchronization

/// How many bytes a page's file takes around its content (menus, header, footer), as the
/// last rendered page showed: the page's buffer is sized once from it instead of doubling
/// from empty (a 26 KB page grew and was copied 15 times). Only a hint, shared by the
/// rendering threads without order: the bytes rendered never depend on it.
final class PageSizeHint: Sendable {
    private let around = Atomic<Int>(16_384)

    /// Bytes to reserve beyond the content, with room for a longer menu than the last page's.
    var aroundContent: Int { around.load(ordering: .relaxed) + 1_024 }

    func note(pageSize: Int, contentSize: Int) {
        around.store(max(0, pageSize - contentSize), ordering: .relaxed)
    }
}
