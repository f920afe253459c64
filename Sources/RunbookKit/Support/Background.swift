import Dispatch

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
