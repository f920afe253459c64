import ServiceLifecycle

/// Merges bursts of file events into one action: an editor's save (temp file, rename, chmod)
/// or a `git checkout` of hundreds of files becomes one rebuild.
///
/// A burst ends after `quiet` without a new event, or after the shorter `settle` when the last
/// report said no file is left half-written (an editor's save ends with the file closed or
/// renamed into place), and at the latest `maxDelay` after its first event, so a never-ending
/// stream of events still gets rebuilt now and then. Actions never overlap: events that
/// arrive while one runs are gathered into the next burst, which starts as soon as the running
/// action finishes (if it is already quiet by then).
///
/// A service: `run()` does the waiting and the actions until graceful shutdown (or
/// cancellation), then drops what is pending. The clock is a parameter so tests can move
/// time by hand instead of sleeping.
actor Debouncer<C: Clock>: Service where C.Duration == Duration {
    typealias Action = @Sendable (Set<String>) async -> Void

    private let quiet: Duration
    private let settle: Duration
    private let maxDelay: Duration
    private let action: Action
    private let clock: C

    private var pending: Set<String> = []
    private var firstEvent: C.Instant?
    private var lastEvent: C.Instant?
    private var settled = false
    /// The worker's current wait; cancelled when an event moves the end of the burst earlier.
    private var sleeper: Task<Void, Never>?
    private var stopped = false
    /// Wakes `run()` when a burst begins.
    private let (bursts, burstBegan) = AsyncStream<Void>.makeStream(bufferingPolicy: .bufferingNewest(1))

    init(quiet: Duration, settle: Duration? = nil, maxDelay: Duration, clock: C, action: @escaping Action) {
        self.quiet = quiet
        self.settle = min(settle ?? quiet, quiet)
        self.maxDelay = max(quiet, maxDelay)
        self.clock = clock
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
        if firstEvent == nil {
            firstEvent = now
            burstBegan.yield()
        }
        lastEvent = now
    }

    func run() async {
        await cancelWhenGracefulShutdown {
            for await _ in self.bursts {
                await self.drain()
                if Task.isCancelled { break }
            }
        }
        stop()
    }

    private func stop() {
        stopped = true
        pending.removeAll()
        firstEvent = nil
        lastEvent = nil
        sleeper?.cancel()
        burstBegan.finish()
    }

    private func drain() async {
        while !stopped, !Task.isCancelled, let first = firstEvent, let last = lastEvent {
            let deadline = min(last.advanced(by: settled ? settle : quiet), first.advanced(by: maxDelay))
            if clock.now < deadline {
                let clock = clock
                let wait = Task { _ = try? await clock.sleep(until: deadline, tolerance: nil) }
                sleeper = wait
                await withTaskCancellationHandler { await wait.value } onCancel: { wait.cancel() }
                sleeper = nil
                continue  // events may have moved the end of the burst while we slept
            }
            let batch = pending
            pending.removeAll()
            firstEvent = nil
            lastEvent = nil
            if !batch.isEmpty { await action(batch) }
        }
    }
}

extension Debouncer where C == ContinuousClock {
    init(quiet: Duration, settle: Duration? = nil, maxDelay: Duration, action: @escaping Action) {
        self.init(quiet: quiet, settle: settle, maxDelay: maxDelay, clock: ContinuousClock(), action: action)
    }
}
