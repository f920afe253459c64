import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Collects what the debouncer hands over.
private actor Batches {
    var all: [Set<String>] = []
    func add(_ batch: Set<String>) { all.append(batch) }
}

/// The debouncer on a `ManualClock`: time moves only when the test advances it, so these
/// tests neither sleep nor depend on how loaded the machine is.
@Suite struct DebouncerTests {
    /// A debouncer running as it does in the server, until the test ends it.
    private struct Running {
        let debouncer: Debouncer<ManualClock>
        let task: Task<Void, Never>
        init(quiet: Duration, settle: Duration? = nil, maxDelay: Duration, clock: ManualClock,
             action: @escaping @Sendable (Set<String>) async -> Void) {
            let debouncer = Debouncer(quiet: quiet, settle: settle, maxDelay: maxDelay, clock: clock, action: action)
            self.debouncer = debouncer
            task = Task { await debouncer.run() }
        }
        func stop() async {
            task.cancel()
            await task.value
        }
    }

    /// Waits until the debouncer sleeps on the clock (it has taken in the events so far).
    private func asleep(_ clock: ManualClock) async -> Bool {
        await settles { clock.sleeperCount == 1 }
    }

    /// Waits for `condition` (it only waits on the debouncer's task being scheduled, never on
    /// time), and checks once more after the deadline: on a loaded machine the whole process
    /// can stall past it.
    private func settles(_ condition: @Sendable () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(600)
        while Date() < deadline {
            if await condition() { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return await condition()
    }

    @Test func aBurstOf500PathsGivesOneAction() async throws {
        let batches = Batches()
        let clock = ManualClock()
        let running = Running(quiet: .seconds(60), settle: .milliseconds(100), maxDelay: .seconds(120), clock: clock) { await batches.add($0) }
        for index in 0..<499 {
            await running.debouncer.add(["content/page\(index).md"])
            if index % 100 == 0 { clock.advance(by: .milliseconds(5)) }  // events spread over time
        }
        await running.debouncer.add(["content/page499.md"], settled: true)
        #expect(await asleep(clock))
        clock.advance(by: .milliseconds(99))
        #expect(await batches.all.isEmpty, "the settle window has not passed")
        clock.advance(by: .milliseconds(1))
        #expect(await settles { await batches.all.count == 1 })
        clock.advance(by: .seconds(3600))  // nothing is pending: no second action
        #expect(await batches.all.count == 1)
        #expect(await batches.all.first?.count == 500)
        await running.stop()
    }

    @Test func eventsDuringAnActionGoToTheNextOne() async throws {
        let batches = Batches()
        let gate = Gate()
        let clock = ManualClock()
        let running = Running(quiet: .milliseconds(20), maxDelay: .seconds(30), clock: clock) { batch in
            await batches.add(batch)
            if batch.contains("a") { await gate.wait() }
        }
        await running.debouncer.add(["a"])
        #expect(await asleep(clock))
        clock.advance(by: .milliseconds(20))
        #expect(await settles { await batches.all.count == 1 })
        await running.debouncer.add(["b"])
        await running.debouncer.add(["c"])
        await gate.open()
        #expect(await asleep(clock))
        #expect(await batches.all.count == 1, "b and c wait for their quiet window")
        clock.advance(by: .milliseconds(20))
        #expect(await settles { await batches.all.count == 2 })
        #expect(await batches.all == [["a"], ["b", "c"]])
        await running.stop()
    }

    @Test func aSettledBurstEndsSooner() async throws {
        let batches = Batches()
        let clock = ManualClock()
        let running = Running(quiet: .seconds(3600), settle: .milliseconds(10), maxDelay: .seconds(7200), clock: clock) { await batches.add($0) }
        await running.debouncer.add(["content/a.md"], settled: false)
        #expect(await asleep(clock))
        clock.advance(by: .seconds(300))
        #expect(await batches.all.isEmpty, "a half-written file waits for the full quiet window")
        await running.debouncer.add(["content/a.md"], settled: true)
        // The long wait is cut short and a new one, until 10 ms after the last event, begins.
        #expect(await settles { clock.sleeperCount == 1 && clock.now.offset == .seconds(300) })
        clock.advance(by: .milliseconds(10))
        #expect(await settles { await batches.all == [["content/a.md"]] })
        await running.stop()
    }

    @Test func aNeverEndingStreamStillGetsActedOn() async throws {
        let batches = Batches()
        let clock = ManualClock()
        let running = Running(quiet: .milliseconds(200), maxDelay: .milliseconds(300), clock: clock) { await batches.add($0) }
        // An event every 10 ms never leaves a 200 ms quiet window; maxDelay ends the burst.
        for index in 0..<30 {
            await running.debouncer.add(["content/\(index).md"])
            clock.advance(by: .milliseconds(10))
        }
        #expect(await settles { await batches.all.count == 1 })
        #expect(await batches.all.first?.count == 30)
        await running.stop()
    }

    @Test func stoppingDropsWhatIsPending() async throws {
        let batches = Batches()
        let clock = ManualClock()
        let running = Running(quiet: .milliseconds(50), maxDelay: .seconds(1), clock: clock) { await batches.add($0) }
        await running.debouncer.add(["content/a.md"])
        #expect(await asleep(clock))
        await running.stop()
        clock.advance(by: .seconds(10))
        await running.debouncer.add(["content/b.md"])
        #expect(await batches.all.isEmpty)
    }
}

/// Holds an action until the test opens it.
private actor Gate {
    private var isOpen = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    func wait() async {
        if isOpen { return }
        await withCheckedContinuation { waiters.append($0) }
    }
    func open() {
        isOpen = true
        for waiter in waiters { waiter.resume() }
        waiters.removeAll()
    }
}
