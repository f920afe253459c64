import Dispatch
import Foundation

/// Runs `transform` for every index on all cores and returns the results in index order, so
/// output never depends on scheduling. Work is handed out in chunks to keep overhead low.
func parallelMap<T: Sendable>(_ count: Int, _ transform: @Sendable (Int) -> T) -> [T] {
    guard count > 1 else { return (0..<count).map(transform) }
    let results = ResultSlots<T>(count: count)
    let chunkSize = max(1, min(64, count / 32))
    let chunks = (count + chunkSize - 1) / chunkSize
    DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
        let start = chunk * chunkSize
        for index in start..<min(start + chunkSize, count) {
            results.store(transform(index), at: index)
        }
    }
    return results.collect()
}

/// `0..<count` cut into ranges of `size` (the last may be shorter): work on all cores a run of
/// items at a time, where one item is too little to hand out alone.
func chunkRanges(count: Int, size: Int) -> [Range<Int>] {
    stride(from: 0, to: count, by: max(1, size)).map { $0..<min(count, $0 + max(1, size)) }
}

/// Runs `body` for every index on all cores; throws the error of the lowest index that
/// failed (so the message does not depend on scheduling), once every index has run.
func parallelForEach<Failure: Error>(_ count: Int, _ body: @Sendable (Int) throws(Failure) -> Void) throws(Failure) {
    let failures: [Failure?] = parallelMap(count) { index in
        do throws(Failure) { try body(index) } catch { return error }
        return nil
    }
    if let failure = failures.lazy.compactMap({ $0 }).first { throw failure }
}

/// One slot per index; each is written by exactly one worker, then read after all finish.
private final class ResultSlots<T>: @unchecked Sendable {
    private let buffer: UnsafeMutableBufferPointer<T?>

    init(count: Int) {
        buffer = .allocate(capacity: count)
        buffer.initialize(repeating: nil)
    }

    deinit {
        buffer.deinitialize()
        buffer.deallocate()
    }

    func store(_ value: T, at index: Int) { buffer[index] = value }

    func collect() -> [T] { buffer.map { $0! } }
}

/// The first error message that any of several workers reports.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var first: String?

    func note(_ message: String) { lock.withLock { if first == nil { first = message } } }

    var message: String? { lock.withLock { first } }
}
