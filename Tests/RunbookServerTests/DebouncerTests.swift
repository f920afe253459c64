import Foundation
import Testing
import RunbookTestSupport
@testable import RunbookServer

/// Collects what the debouncer hands over.
private actor Batches {
    var all: [Set<String>] = []
    func add(_ batch: Set<String>) { all.append(batch) }
}

@Suite struct DebouncerTests {
    @Test func aBurstOf500PathsGivesOneAction() async throws {
        let batches = Batches()
        // Other suites run builds on the same two cores and can hold this task back for
        // seconds, so the burst must not depend on timing: the quiet window is a minute, and
        // the last event says the files are complete, which ends the burst after `settle`.
        let debouncer = Debouncer(quiet: .seconds(60), settle: .milliseconds(100), maxDelay: .seconds(120)) { await batches.add($0) }
        for index in 0..<499 { await debouncer.add(["content/page\(index).md"]) }
        await debouncer.add(["content/page499.md"], settled: true)
        #expect(await eventually(timeout: 30) { await batches.all.count == 1 })
        try await Task.sleep(for: .milliseconds(300))  // nothing is pending: no second action
        let all = await batches.all
        #expect(all.count == 1)
        #expect(all.first?.count == 500)
        await debouncer.stop()
    }

    @Test func eventsDuringAnActionGoToTheNextOne() async throws {
        let batches = Batches()
        let gate = Gate()
        let debouncer = Debouncer(quiet: .milliseconds(20), maxDelay: .seconds(30)) { batch in
            await batches.add(batch)
            if batch.contains("a") { await gate.wait() }
        }
        await debouncer.add(["a"])
        #expect(await eventually { await batches.all.count == 1 })
        await debouncer.add(["b"])
        await debouncer.add(["c"])
        await gate.open()
        #expect(await eventually { await batches.all.count == 2 })
        #expect(await batches.all == [["a"], ["b", "c"]])
        await debouncer.stop()
    }

    @Test func aSettledBurstEndsSooner() async throws {
        let batches = Batches()
        let debouncer = Debouncer(quiet: .seconds(3600), settle: .milliseconds(10), maxDelay: .seconds(7200)) { await batches.add($0) }
        await debouncer.add(["content/a.md"], settled: false)
        try await Task.sleep(for: .milliseconds(300))
        #expect(await batches.all.isEmpty, "a half-written file waits for the full quiet window")
        await debouncer.add(["content/a.md"], settled: true)
        #expect(await eventually { await batches.all == [["content/a.md"]] })
        await debouncer.stop()
    }

    @Test func aNeverEndingStreamStillGetsActedOn() async throws {
        let batches = Batches()
        let debouncer = Debouncer(quiet: .milliseconds(200), maxDelay: .milliseconds(300)) { await batches.add($0) }
        let feeding = Task {
            var index = 0
            while !Task.isCancelled {
                await debouncer.add(["content/\(index).md"])
                index += 1
                try? await Task.sleep(for: .milliseconds(10))
            }
        }
        #expect(await eventually { await !batches.all.isEmpty })
        feeding.cancel()
        await debouncer.stop()
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
