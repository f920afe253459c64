import Synchronization

/// Fans server-sent events out to every open `/__runbook/events` stream.
///
/// While the build is broken the hub keeps its `error` event and replays it to each new stream,
/// so a page opened (or reconnected) during the breakage shows the overlay too; the next
/// good build's `reload` event clears it.
final class EventHub: Sendable {
    private struct State {
        var subscribers: [Int: AsyncStream<String>.Continuation] = [:]
        var nextID = 0
        var pendingError: String?
        var closed = false
    }

    private let state = Mutex(State())
    private let hello: String

    init(server: String) {
        hello = ServerSentEvent.hello(server: server)
    }

    /// A new stream, starting with `retry`, `hello` and the current error (if any).
    func subscribe() -> AsyncStream<String> {
        let (stream, continuation) = AsyncStream<String>.makeStream(bufferingPolicy: .bufferingNewest(256))
        let hello = hello
        let id: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            continuation.yield(ServerSentEvent.retry)
            continuation.yield(hello)
            if let pendingError = state.pendingError { continuation.yield(pendingError) }
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
        let targets: [AsyncStream<String>.Continuation] = state.withLock { state in
            if isError { state.pendingError = message }
            if clearsError { state.pendingError = nil }
            return Array(state.subscribers.values)
        }
        for continuation in targets { continuation.yield(message) }
    }

    var subscriberCount: Int { state.withLock { $0.subscribers.count } }
    var hasPendingError: Bool { state.withLock { $0.pendingError != nil } }

    /// Ends every stream; new ones end at once.
    func close() {
        let targets: [AsyncStream<String>.Continuation] = state.withLock { state in
            state.closed = true
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        for continuation in targets { continuation.finish() }
    }

    private func remove(_ id: Int) {
        _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
    }
}
