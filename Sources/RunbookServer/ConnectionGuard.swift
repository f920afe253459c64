import NIOCore
import NIOHTTPTypes
import Synchronization

/// Keeps idle sockets from starving real requests, in each connection's pipeline (after the
/// HTTP decoder, so it sees where request heads begin and responses end).
///
/// - Header deadline: a connection must deliver a complete request head within
///   `headerTimeout` of opening, and again of each response's end (keep-alive); otherwise it
///   is closed. Unlike a read-idle timeout, a client trickling one byte at a time cannot hold
///   it open. (Hummingbird's `idleTimeout` closes connections silent for longer.)
/// - Connection cap: at most `ConnectionLimiter.maximum` connections. A new one over the cap
///   evicts the connection that has waited longest for its next request head; an open event
///   stream or a response being written is never evicted. When every connection is busy, the
///   new one is closed.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limiter: ConnectionLimiter
    private let headerTimeout: TimeAmount
    private var deadline: Scheduled<Void>?
    private var registered = false
    /// Requests whose head arrived and whose response has not ended.
    private var inFlight = 0

    init(limiter: ConnectionLimiter, headerTimeout: Duration) {
        self.limiter = limiter
        self.headerTimeout = .nanoseconds(headerTimeout.components.seconds * 1_000_000_000 + headerTimeout.components.attoseconds / 1_000_000_000)
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { register(context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        register(context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        unregister(context)
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        unregister(context)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) {
            deadline?.cancel()
            deadline = nil
            inFlight += 1
            limiter.setWaiting(context.channel, false)
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) {
            inFlight = max(0, inFlight - 1)
            if inFlight == 0 {
                limiter.setWaiting(context.channel, true)
                armDeadline(context)
            }
        }
        context.write(data, promise: promise)
    }

    private func register(_ context: ChannelHandlerContext) {
        guard !registered else { return }
        registered = true
        switch limiter.opened(context.channel) {
        case .admitted: break
        case .evicted(let victim): victim.close(promise: nil)
        case .refused:
            context.close(promise: nil)
            return
        }
        armDeadline(context)
    }

    private func unregister(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        guard registered else { return }
        registered = false
        limiter.closed(context.channel)
    }

    private func armDeadline(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        deadline = context.eventLoop.scheduleTask(in: headerTimeout) { channel.close(promise: nil) }
    }
}

/// The open connections of one server, shared by every connection's `ConnectionGuard`
/// (which run on different event loops).
final class ConnectionLimiter: Sendable {
    enum Admission {
        case admitted
        /// Admitted in place of this connection, which the caller closes.
        case evicted(any Channel)
        /// Full of busy connections: the new one is closed.
        case refused
    }

    private struct Entry {
        let channel: any Channel
        let order: Int
        /// Waiting for a request head (new, or keep-alive between requests).
        var waiting = true
    }

    private struct State {
        var entries: [ObjectIdentifier: Entry] = [:]
        var next = 0
    }

    let maximum: Int
    private let state = Mutex(State())

    init(maximum: Int) {
        self.maximum = max(1, maximum)
    }

    func opened(_ channel: any Channel) -> Admission {
        state.withLock { state in
            var admission = Admission.admitted
            if state.entries.count >= maximum {
                guard let victim = state.entries.values.filter(\.waiting).min(by: { $0.order < $1.order }) else { return .refused }
                state.entries[ObjectIdentifier(victim.channel)] = nil
                admission = .evicted(victim.channel)
            }
            state.entries[ObjectIdentifier(channel)] = Entry(channel: channel, order: state.next)
            state.next += 1
            return admission
        }
    }

    func setWaiting(_ channel: any Channel, _ waiting: Bool) {
        state.withLock { $0.entries[ObjectIdentifier(channel)]?.waiting = waiting }
    }

    func closed(_ channel: any Channel) {
        _ = state.withLock { $0.entries.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// How many connections are open.
    var count: Int { state.withLock { $0.entries.count } }
}
