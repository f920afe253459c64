import Foundation

/// Fans server-sent events out to every open `/__runbook/events` stream.
///
/// While the build is broken the hub keeps its `error` event and replays it to each new stream,
/// so a page opened (or reconnected) during the breakage shows the overlay too; the next
/// good build's `reload` event clears it.
final class EventHub: @unchecked Sendable {
    private let lock = NSLock()
    private var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
    private var nextID = 0
    private var pendingError: String?
    private var closed = false
    private let hello: String

    init(server: String) {
        hello = ServerSentEvent.hello(server: server)
    }

    /// A new stream, starting with `retry`, `hello` and the current error (if any).
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let id: Int? = lock.withLock {
            guard !closed else { return nil }
            let id = nextID
            nextID += 1
            subscribers[id] = continuation
            continuation.yield(ServerSentEvent.retry)
            continuation.yield(hello)
            if let pendingError { continuation.yield(pendingError) }
            return id
        }
        guard let id else {
            continuation.finish()
            return stream
        }
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    /// Sends `message` to every stream. `error` events are remembered for new streams until
    /// the next `reload`.
    func publish(_ message: String, isError: Bool = false, clearsError: Bool = false) {
        let targets: [AsyncStream<String>.Continuation] = lock.withLock {
            if isError { pendingError = message }
            if clearsError { pendingError = nil }
            return Array(subscribers.values)
        }
        for continuation in targets { continuation.yield(message) }
    }

    var subscriberCount: Int { lock.withLock { subscribers.count } }
    var hasPendingError: Bool { lock.withLock { pendingError != nil } }

    /// Ends every stream; new ones end at once.
    func close() {
        let targets: [AsyncStream<String>.Continuation] = lock.withLock {
            closed = true
            defer { subscribers.removeAll() }
            return Array(subscribers.values)
        }
        for continuation in targets { continuation.finish() }
    }

    private func remove(_ id: Int) {
        _ = lock.withLock { subscribers.removeValue(forKey: id) }
    }
}
