/// How `runbook serve` listens and how it merges file events.
public struct ServerOptions: Sendable {
    /// The address to bind: loopback unless the user asks for another (`--host`).
    public var host = "127.0.0.1"
    /// The port to bind; `0` lets the system pick a free one.
    public var port = 1313
    /// Whether the user chose `port`: a port they chose that is taken is an error, while the
    /// default falls forward to the next free one.
    public var portIsExplicit = false
    /// How many ports after the default to try before giving up.
    public var portAttempts = 20
    /// The site's path on the server (`/` or `/docs/`); the site's links are built for it.
    public var basePath = "/"
    /// A burst of file events ends after this long without another event…
    public var quietWindow: Duration = .milliseconds(50)
    /// …or after this shorter time once no file is left half-written (every file created or
    /// modified has been closed, renamed into place or deleted, as at the end of a save).
    /// A 500-file `git checkout` writes one file after the other with gaps of a few
    /// milliseconds at most, so it still ends as one burst.
    public var settleWindow: Duration = .milliseconds(10)
    /// A rebuild starts at the latest this long after the first event of a burst, even while
    /// events keep arriving.
    public var maxDelay: Duration = .seconds(1)
    /// How often an idle event stream gets a comment, so dead connections are noticed.
    public var heartbeat: Duration = .seconds(20)
    /// Host names (besides loopback and, when `host` is not loopback, IP addresses) that the
    /// `Host` header may name (`--allowed-host`); `.example.org` also allows its subdomains.
    public var allowedHosts: [String] = []
    /// A connection must send a whole request head within this long of opening (or of its
    /// previous response), or it is closed: a slow trickle of bytes cannot hold it open.
    public var headerTimeout: Duration = .seconds(10)
    /// A connection that sends nothing for this long is closed (an open event stream is not idle).
    public var idleTimeout: Duration = .seconds(60)
    /// At most this many connections at once; when full, a new one evicts the connection that
    /// has waited longest without a request, so idle sockets cannot lock a real request out.
    public var maxConnections = 128

    public init() {}

    /// `/docs`, `docs/`, `/docs/` → `/docs/`; empty → `/`.
    public static func normalisedBasePath(_ path: String) -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        return parts.isEmpty ? "/" : "/" + parts.joined(separator: "/") + "/"
    }

    /// Whether `host` only accepts connections from this machine.
    public static func isLoopback(_ host: String) -> Bool {
        let lowered = host.lowercased()
        if lowered == "localhost" || lowered == "::1" || lowered == "[::1]" { return true }
        let octets = lowered.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// `http://127.0.0.1:1313/docs/`, with brackets around an IPv6 address.
    public static func url(host: String, port: Int, basePath: String) -> String {
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "http://\(shown):\(port)\(normalisedBasePath(basePath))"
    }
}
