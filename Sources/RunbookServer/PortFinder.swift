#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Chooses the port to listen on before the server binds it: the one asked for, or (for the
/// default port) the first free one after it. Probes with the socket options the server uses
/// (`SO_REUSEADDR`), so a port in TIME_WAIT counts as free and one with a listener does not.
public enum PortFinder {
    public enum Failure: Error, CustomStringConvertible, Equatable {
        case inUse(host: String, port: Int)
        case noFreePort(host: String, from: Int, to: Int)
        case cannotResolve(host: String, reason: String)
        case cannotBind(host: String, port: Int, reason: String)

        public var description: String {
            switch self {
            case .inUse(let host, let port): "port \(port) on \(host) is already in use; choose another with --port (or --port 0 for any free port)"
            case .noFreePort(let host, let from, let to): "no free port on \(host) between \(from) and \(to); choose one with --port"
            case .cannotResolve(let host, let reason): "cannot use host '\(host)': \(reason)"
            case .cannotBind(let host, let port, let reason): "cannot listen on \(host):\(port): \(reason)"
            }
        }
    }

    /// The port to bind. `0` stays `0` (the system picks one when the server binds).
    public static func choose(host: String, port: Int, explicit: Bool, attempts: Int = 20) throws(Failure) -> Int {
        if port == 0 { return 0 }
        if explicit {
            switch probe(host: host, port: port) {
            case .free: return port
            case .inUse: throw .inUse(host: host, port: port)
            case .failed(let failure): throw failure
            }
        }
        let last = min(65_535, port + max(1, attempts) - 1)
        for candidate in port...last {
            switch probe(host: host, port: candidate) {
            case .free: return candidate
            case .inUse: continue
            case .failed(let failure): throw failure
            }
        }
        throw .noFreePort(host: host, from: port, to: last)
    }

    enum Probe { case free, inUse, failed(Failure) }

    static func probe(host: String, port: Int) -> Probe {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        #if canImport(Glibc) || canImport(Musl)
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        #else
        hints.ai_socktype = SOCK_STREAM
        #endif
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        let name = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(name, String(port), &hints, &list)
        guard status == 0, let first = list else {
            return .failed(.cannotResolve(host: host, reason: String(cString: gai_strerror(status))))
        }
        defer { freeaddrinfo(list) }
        // The server binds the first address, as NIO does.
        let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard descriptor >= 0 else {
            return .failed(.cannotBind(host: host, port: port, reason: String(cString: strerror(errno))))
        }
        defer { close(descriptor) }
        var one: Int32 = 1
        _ = setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        if bind(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 { return .free }
        let code = errno
        if code == EADDRINUSE { return .inUse }
        return .failed(.cannotBind(host: host, port: port, reason: String(cString: strerror(code))))
    }
}
