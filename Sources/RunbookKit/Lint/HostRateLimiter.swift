/// Spaces out requests to each host: at most `perSecond` request starts per host per second.
/// A slot is reserved before waiting, so concurrent callers queue up in order.
actor HostRateLimiter {
    private let interval: Duration?
    private var nextSlot: [String: ContinuousClock.Instant] = [:]

    /// `perSecond` ≤ 0: no limit.
    init(perSecond: Double) {
        interval = perSecond > 0 ? .nanoseconds(Int64(1_000_000_000 / perSecond)) : nil
    }

    func wait(for host: String) async {
        guard let interval else { return }
        let now = ContinuousClock.now
        let slot = max(now, nextSlot[host] ?? now)
        nextSlot[host] = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
