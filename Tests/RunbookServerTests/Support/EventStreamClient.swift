import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One server-sent event as received.
struct ReceivedEvent: Sendable, CustomStringConvertible {
    var event: String
    var data: String
    var description: String { "\(event): \(data.prefix(300))" }

    /// `data` as a JSON array of strings (reload events).
    var urls: [String] { (try? JSONDecoder().decode([String].self, from: Data(data.utf8))) ?? [] }
    /// `data` as diagnostics (error events).
    var diagnostics: [[String: JSONValue]] { (try? JSONDecoder().decode([[String: JSONValue]].self, from: Data(data.utf8))) ?? [] }
}

enum JSONValue: Decodable, Sendable, Equatable {
    case string(String), number(Double), bool(Bool), null
    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else { self = .string(try container.decode(String.self)) }
    }
    var string: String? { if case .string(let value) = self { value } else { nil } }
    var int: Int? { if case .number(let value) = self { Int(value) } else { nil } }
}

/// Reads `/__runbook/events` over a raw socket on its own thread (URLSession streaming is not
/// dependable on Linux) and keeps every event, so a test can wait for the next one it wants.
final class EventStreamClient: @unchecked Sendable {
    private let condition = NSCondition()
    private var events: [ReceivedEvent] = []
    private var closed = false
    private var socket: Int32 = -1
    private(set) var status = 0

    /// Connects and waits for the response head.
    static func connect(port: Int) async throws -> EventStreamClient {
        let client = EventStreamClient()
        try await RawHTTPClient.offload { try client.open(port: port) }
        return client
    }

    private func open(port: Int) throws {
        socket = try RawHTTPClient.connect(host: "127.0.0.1", port: port, timeoutSeconds: 1)
        let request = "GET /__runbook/events HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nAccept: text/event-stream\r\n\r\n"
        try RawHTTPClient.writeAll(socket, Array(request.utf8))
        let thread = Thread { [self] in readLoop() }
        thread.name = "event-stream-client"
        thread.start()
    }

    private func readLoop() {
        var raw: [UInt8] = []
        var headerDone = false
        var chunked = false
        var decoder = ChunkedDecoder()
        var text: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
            if count < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
                if condition.withLock({ closed }) { break }
                continue
            }
            if count <= 0 { break }
            var body: [UInt8] = []
            if !headerDone {
                raw += chunk[0..<count]
                guard let end = RawHTTPClient.find([13, 10, 13, 10], in: raw, from: 0) else { continue }
                let head = String(decoding: raw[..<end], as: UTF8.self)
                let statusLine = head.split(separator: "\r\n").first ?? ""
                condition.withLock { status = Int(statusLine.split(separator: " ").dropFirst().first ?? "") ?? 0 }
                chunked = head.lowercased().contains("transfer-encoding: chunked")
                headerDone = true
                body = Array(raw[(end + 4)...])
            } else {
                body = Array(chunk[0..<count])
            }
            text += chunked ? decoder.feed(body) : body
            parse(&text)
        }
        Glibc.close(socket)
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    /// Takes every complete event (ended by a blank line) out of `text`.
    private func parse(_ text: inout [UInt8]) {
        while let end = RawHTTPClient.find([10, 10], in: text, from: 0) {
            let block = String(decoding: text[..<end], as: UTF8.self)
            text.removeFirst(end + 2)
            var name = "message"
            var data: [String] = []
            var isEvent = false
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix(":") { continue }
                if line.hasPrefix("event:") { name = line.dropFirst(6).trimmingCharacters(in: .whitespaces); isEvent = true }
                if line.hasPrefix("data:") {
                    var value = line.dropFirst(5)
                    if value.hasPrefix(" ") { value = value.dropFirst() }
                    data.append(String(value))
                    isEvent = true
                }
            }
            guard isEvent, !data.isEmpty else { continue }
            condition.withLock {
                events.append(ReceivedEvent(event: name, data: data.joined(separator: "\n")))
                condition.broadcast()
            }
        }
    }

    /// How many events arrived so far; pass it to `next(after:)` to wait for later ones.
    var count: Int { condition.withLock { events.count } }
    var received: [ReceivedEvent] { condition.withLock { events } }
    var isClosed: Bool { condition.withLock { closed } }

    /// The first event after the first `index` events that satisfies `predicate`; nil when
    /// none came within `timeout` seconds (a generous bound for a failing test, not a measure).
    func next(after index: Int, timeout: TimeInterval = 60, where predicate: @escaping @Sendable (ReceivedEvent) -> Bool = { _ in true })
        async throws -> ReceivedEvent?
    {
        try await RawHTTPClient.offload { [self] in
            let deadline = Date().addingTimeInterval(timeout)
            condition.lock()
            defer { condition.unlock() }
            var checked = index
            while true {
                while checked < events.count {
                    if predicate(events[checked]) { return events[checked] }
                    checked += 1
                }
                if closed || !condition.wait(until: deadline) {
                    while checked < events.count {
                        if predicate(events[checked]) { return events[checked] }
                        checked += 1
                    }
                    return nil
                }
            }
        }
    }

    func close() {
        condition.withLock { closed = true }
        shutdown(socket, Int32(SHUT_RDWR))
    }
}
