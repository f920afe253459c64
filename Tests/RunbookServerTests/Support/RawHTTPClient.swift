import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A deliberately small HTTP/1.1 client over a plain socket: it sends the request line exactly
/// as given (so tests can send `..`, `%2e%2e` or backslashes that URL types would clean up)
/// and reads the whole response (the request asks the server to close the connection).
struct RawHTTPClient {
    struct Response: Sendable {
        var status: Int
        var headers: [(String, String)]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let port: Int
    var host = "127.0.0.1"

    func get(_ path: String, headers: [String: String] = [:]) async throws -> Response {
        try await send("GET", path, headers: headers)
    }

    func send(_ method: String, _ path: String, headers: [String: String] = [:], body: [UInt8] = []) async throws -> Response {
        let port = port, host = host
        return try await Self.offload {
          // A connection closed before any byte of an answer is tried once more: on a loaded
          // machine it was seen twice in a few hundred runs, against chromedriver and against
          // the preview server alike, never with an answer lost after it began.
          for attempt in 1...2 {
            let socket = try Self.connect(host: host, port: port, timeoutSeconds: 30)
            defer { close(socket) }
            // A `Host` among `headers` replaces the usual one; an empty one sends none.
            let hostHeader = headers.first { $0.key.lowercased() == "host" }?.value ?? "\(host):\(port)"
            var request = "\(method) \(path) HTTP/1.1\r\n" + (hostHeader.isEmpty ? "" : "Host: \(hostHeader)\r\n") + "Connection: close\r\n"
            for (name, value) in headers where name.lowercased() != "host" { request += "\(name): \(value)\r\n" }
            if !body.isEmpty || method == "POST" { request += "Content-Length: \(body.count)\r\n" }
            request += "\r\n"
            try Self.writeAll(socket, Array(request.utf8) + body)
            var received: [UInt8] = []
            var chunk = [UInt8](repeating: 0, count: 65_536)
            // Read until the response is complete: by Content-Length, the last chunk, or the
            // server closing (not every server closes after `Connection: close`).
            while !Self.isComplete(received, method: method) {
                let count = chunk.withUnsafeMutableBytes { recv(socket, $0.baseAddress, $0.count, 0) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Failure(description: "recv: \(String(cString: strerror(errno)))")
                }
                if count == 0 { break }
                received += chunk[0..<count]
            }
            if received.isEmpty && attempt == 1 { continue }
            return try Self.parse(received, method: method)
          }
          return try Self.parse([], method: method)
        }
    }

    static func isComplete(_ bytes: [UInt8], method: String) -> Bool {
        guard let end = find([13, 10, 13, 10], in: bytes, from: 0) else { return false }
        let head = String(decoding: bytes[..<end], as: UTF8.self).lowercased()
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        if method == "HEAD" || status == 204 || status == 304 || (100..<200).contains(status) { return true }
        let body = bytes.count - (end + 4)
        for line in head.components(separatedBy: "\r\n") {
            if line.hasPrefix("content-length:"), let length = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) {
                return body >= length
            }
            if line.hasPrefix("transfer-encoding:") && line.contains("chunked") {
                var decoder = ChunkedDecoder()
                _ = decoder.feed(Array(bytes[(end + 4)...]))
                return decoder.finished
            }
        }
        return false
    }

    static func parse(_ bytes: [UInt8], method: String) throws -> Response {
        guard let end = find([13, 10, 13, 10], in: bytes, from: 0) else { throw Failure(description: "no header end in \(bytes.count) bytes") }
        let head = String(decoding: bytes[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = head[0].split(separator: " ")
        guard statusParts.count >= 2, let status = Int(statusParts[1]) else { throw Failure(description: "bad status line \(head[0])") }
        var headers: [(String, String)] = []
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        var body = Array(bytes[(end + 4)...])
        let chunked = headers.contains { $0.0.lowercased() == "transfer-encoding" && $0.1.lowercased().contains("chunked") }
        if chunked && method != "HEAD" {
            var decoder = ChunkedDecoder()
            body = decoder.feed(body)
        }
        return Response(status: status, headers: headers, body: body)
    }

    static func connect(host: String, port: Int, timeoutSeconds: Int) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(String(cString: strerror(errno)))") }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        _ = setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        inet_pton(AF_INET, host, &address.sin_addr)
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw Failure(description: "connect to \(host):\(port): \(message)")
        }
        return descriptor
    }

    static func writeAll(_ socket: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.send(socket, $0.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL)) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Failure(description: "send: \(String(cString: strerror(errno)))")
            }
            offset += written
        }
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count) where haystack[index] == needle[0] {
            if Array(haystack[index..<(index + needle.count)]) == needle { return index }
        }
        return nil
    }

    static func offload<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try work() }) }
        }
    }
}

/// Decodes `Transfer-Encoding: chunked` bytes as they arrive.
struct ChunkedDecoder {
    private var pending: [UInt8] = []
    private(set) var finished = false

    mutating func feed(_ bytes: [UInt8]) -> [UInt8] {
        pending += bytes
        var output: [UInt8] = []
        while !finished {
            guard let lineEnd = RawHTTPClient.find([13, 10], in: pending, from: 0) else { break }
            let sizeText = String(decoding: pending[..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                finished = true
                break
            }
            if size == 0 {
                finished = true
                break
            }
            let dataStart = lineEnd + 2
            guard pending.count >= dataStart + size + 2 else { break }
            output += pending[dataStart..<(dataStart + size)]
            pending.removeFirst(dataStart + size + 2)
        }
        return output
    }
}
