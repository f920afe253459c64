import Foundation
import Testing
@testable import RunbookKit

#if canImport(Glibc)
import Glibc
#endif

/// Work started now and taken later, at the pool's priority or at the lowest.
@Suite struct BackgroundTests {
    static func niceness() -> Int32 { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }

    @Test func workRunsOnceAndItsResultCanBeAskedTwice() {
        let work = Background { (1...100).reduce(0, +) }
        #expect(work.value == 5050)
        #expect(work.value == 5050)
    }

    /// The state a build may not need is read at nice 19, on a thread of its own: the thread
    /// asking, and the shared pool's threads after, keep their priority.
    @Test func idleWorkRunsAtTheLowestPriorityOnItsOwnThread() {
        let before = Self.niceness()
        let idle = Background.idle { Self.niceness() }
        #expect(idle.value == 19)
        #expect(Self.niceness() == before)
        let pooled = (0..<8).map { _ in Background { Self.niceness() } }
        #expect(pooled.allSatisfy { $0.value == before })
    }
}
