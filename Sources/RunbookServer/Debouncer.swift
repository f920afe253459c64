/// Merges bursts of file events into one action: an editor's save (temp file, rename, chmod)
/// or a `git checkout` of hundreds of files becomes one rebuild.
///
/// A burst ends after `quiet` without a new event, or after the shorter `settle` when the last
/// report said no file is left half-written (an editor's save ends with the file closed or
/// renamed into place), and at the latest `maxDelay` after its first event, so a never-ending
/// stream of events still gets rebuilt now and then. Actions never
/// overlap: events that arrive while one runs are gathered into the next burst, which starts
/// as soon as the running action finishes (if it is already quiet by then).
actor Debouncer {
    typealias Action = @Sendable (Set<String>) async -> Void

    private let quiet: Duration
    private let settle: Duration
    private let maxDelay: Duration
    private let action: Action
    private let clock = ContinuousClock()

    private var pending: Set<String> = []
    private var firstEvent: ContinuousClock.Instant?
    private var lastEvent: ContinuousClock.Instant?
    private var settled = false
    private var worker: Task<Void, Never>?
    /// The worker's current wait; cancelled when an event moves the end of the burst earlier.
    private var sleeper: Task<Void, Never>?
    private var stopped = false

    init(quiet: Duration, settle: Duration? = nil, maxDelay: Duration, action: @escaping Action) {
        self.quiet = quiet
        self.settle = min(settle ?? quiet, quiet)
        self.maxDelay = max(quiet, maxDelay)
        self.action = action
    }

    /// Notes changed paths; the action runs once the burst is over.
    /// - Parameter settled: whether every file written in the burst so far is complete.
    func add(_ paths: some Sequence<String> & Sendable, settled: Bool = false) {
        guard !stopped else { return }
        let now = clock.now
        pending.formUnion(paths)
        if settled && !self.settled { sleeper?.cancel() }
        self.settled = settled
        if firstEvent == nil { firstEvent = now }
        lastEvent = now
        if worker == nil { worker = Task { await self.drain() } }
    }

    /// Drops pending paths and waits for a running action to finish.
    func stop() async {
        stopped = true
        pending.removeAll()
        firstEvent = nil
        lastEvent = nil
        let running = worker
        running?.cancel()
        sleeper?.cancel()
        await running?.value
    }

    private func drain() async {
        while !stopped, let first = firstEvent, let last = lastEvent {
            let deadline = min(last + (settled ? settle : quiet), first + maxDelay)
            if clock.now < deadline {
                let clock = clock
                let wait = Task { _ = try? await Task.sleep(until: deadline, clock: clock) }
                sleeper = wait
                await wait.value
                sleeper = nil
                continue  // events may have moved the end of the burst while we slept
            }
            let batch = pending
            pending.removeAll()
            firstEvent = nil
            lastEvent = nil
            if !batch.isEmpty { await action(batch) }
        }
        worker = nil
    }
}
