import Dispatch
import Foundation

/// Work started on another thread now, its result taken later (`value` waits for it): lets a
/// build read back what does not depend on its next steps while it takes them.
public final class Background<T: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: T?

    public init(_ work: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.result = work()
            self.done.signal()
        }
    }

    /// Work that may turn out not to be needed, done only with the CPU time the rest of the
    /// run leaves: on a thread of its own at the lowest priority (nice 19), so it does not slow
    /// the work it runs beside, and runs at full speed once the run waits for it. Its own
    /// thread, not one of the shared pool's, which would keep the priority (it cannot be
    /// raised again without privileges).
    public static func idle(_ work: @escaping @Sendable () -> T) -> Background<T> {
        Background(onOwnThread: work)
    }

    private init(onOwnThread work: @escaping @Sendable () -> T) {
        let thread = Thread {
            // Linux applies this to the calling thread only.
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
            self.result = work()
            self.done.signal()
        }
        thread.start()
    }

    /// The work's result, once it has finished (always set by then: the work sets it before
    /// it signals).
    public var value: T? {
        done.wait()
        done.signal()  // a second ask does not wait forever
        return result
    }
}

/// Work started on another thread once `start` is called (if ever), its result taken later:
/// for work a run needs only on some of its paths, started as soon as it knows.
public final class BackgroundOnDemand<T: Sendable>: @unchecked Sendable {
    private let work: @Sendable () -> T
    private let lock = NSLock()
    private var running: Background<T>?

    public init(_ work: @escaping @Sendable () -> T) { self.work = work }

    /// Starts the work; a second call does nothing.
    public func start() {
        lock.withLock { if running == nil { running = Background(work) } }
    }

    /// The work's result, waited for; nil when it was never started.
    public var value: T? { lock.withLock { running }?.value }
}
