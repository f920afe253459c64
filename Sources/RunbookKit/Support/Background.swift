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
