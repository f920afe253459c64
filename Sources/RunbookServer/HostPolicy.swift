/// Which `Host` headers the server answers, against DNS rebinding: a web page on
/// `evil.example` whose name the attacker re-points at 127.0.0.1 reaches this server with
/// `Host: evil.example`, and gets 421 instead of the site.
///
/// - Always: `localhost` (and `*.localhost`, which browsers resolve to loopback themselves),
///   loopback addresses (`127.0.0.1`, `[::1]`), with any port.
/// - When the server listens on another address (`--host`): any IP address, and the host it
///   listens on, since nobody can re-point an address.
/// - Names given with `--allowed-host` (`.example.org` allows the name and its subdomains).
public struct HostPolicy: Sendable, Equatable {
    public let opened: Bool
    public let names: [String]

    public init(listeningOn host: String, allowedHosts: [String]) {
        opened = !ServerOptions.isLoopback(host)
        var names = allowedHosts.map { $0.lowercased() }.filter { !$0.isEmpty }
        if opened && !Self.isIPAddress(host) && !["0.0.0.0", "::", "[::]"].contains(host) { names.append(host.lowercased()) }
        self.names = names
    }

    /// Whether to answer a request whose `Host` header is `authority` (nil: no header).
    public func allows(_ authority: String?) -> Bool {
        guard let authority, let host = Self.hostPart(of: authority.lowercased()) else { return false }
        if host == "localhost" || host.hasSuffix(".localhost") || ServerOptions.isLoopback(host) { return true }
        if opened && Self.isIPAddress(host) { return true }
        for name in names {
            if name.hasPrefix(".") {
                if host == name.dropFirst() || host.hasSuffix(name) { return true }
            } else if host == name {
                return true
            }
        }
        return false
    }

    /// `name:8080` → `name`, `[::1]:8080` → `[::1]`; nil when malformed (a port that is not
    /// a number, an empty name, characters no host name has).
    static func hostPart(of authority: String) -> String? {
        var host = Substring(authority)
        var port: Substring?
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { return nil }
            let rest = host[host.index(after: close)...]
            if !rest.isEmpty {
                guard rest.hasPrefix(":") else { return nil }
                port = rest.dropFirst()
            }
            host = host[...close]
        } else if let colon = host.firstIndex(of: ":") {
            port = host[host.index(after: colon)...]
            host = host[..<colon]
        }
        if let port, port.isEmpty || port.count > 5 || !port.allSatisfy(\.isASCII) || !port.allSatisfy(\.isNumber) { return nil }
        if host.hasSuffix(".") { host = host.dropLast() }  // `localhost.` is `localhost`
        guard !host.isEmpty else { return nil }
        let allowed = host.hasPrefix("[")
            ? host.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." || $0 == "[" || $0 == "]" }
            : host.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_") }
        return allowed ? String(host) : nil
    }

    /// `192.168.1.5` or `[fe80::1]` (the brackets a `Host` header puts around IPv6), or a bare
    /// IPv6 address as `--host` takes it.
    static func isIPAddress(_ host: String) -> Bool {
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4 && octets.allSatisfy({ !$0.isEmpty && $0.count <= 3 && $0.allSatisfy(\.isNumber) && UInt8($0) != nil }) {
            return true
        }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? host.dropFirst().dropLast() : Substring(host)
        return bare.contains(":") && bare.allSatisfy { $0.isHexDigit || $0 == ":" || $0 == "." }
    }
}
