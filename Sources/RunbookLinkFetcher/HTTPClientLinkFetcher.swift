import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import RunbookKit

#if canImport(Glibc)
import Glibc
#endif

/// `lint --external`'s HTTP: async-http-client's shared client (SwiftNIO, the stack the preview
/// server runs on; no libcurl, so the release binary links statically). It follows up to 20
/// redirects without cycles, keeps no cookies or cache, and identifies itself as runbook's link
/// checker. The timeout is a deadline for the whole request, redirects and retried connects included.
public struct HTTPClientLinkFetcher: LinkFetcher {
    /// A body past this is not read: the status is all the check needs.
    static let bodyLimit = 1 << 20
    static let userAgent = "Mozilla/5.0 (compatible; runbook-lint/\(RunbookVersion.number); link checker)"

    public init() {}

    public func fetch(_ address: String, method: String, timeout: Double) async -> FetchResult {
        // An address with characters a URL may not hold (a space, say) is asked for encoded.
        let url = URL(string: address) != nil ? address
            : address.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed) ?? address
        var request = HTTPClientRequest(url: url)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "User-Agent", value: Self.userAgent)
        request.headers.add(name: "Accept", value: "*/*")
        let deadline = NIODeadline.now() + .milliseconds(Int64(max(0, timeout) * 1000))
        do {
            let response = try await HTTPClient.shared.execute(request, deadline: deadline)
            // Drain (a little of) the body so the connection can be reused; stop early on big pages.
            var read = 0
            for try await chunk in response.body {
                read += chunk.readableBytes
                if read > Self.bodyLimit { break }
            }
            return FetchResult(status: Int(response.status.code))
        } catch {
            return Self.failure(error, timeout: timeout)
        }
    }

    /// A short reason for the report: `host not found`, `connection refused`, `timed out after 2 s`.
    static func failure(_ error: any Error, timeout: Double) -> FetchResult {
        if let error = error as? HTTPClientError {
            // HTTPClientError is a struct of static values: compared, not switched over.
            let timeouts: [HTTPClientError] = [.deadlineExceeded, .connectTimeout, .readTimeout, .writeTimeout,
                                               .tlsHandshakeTimeout, .getConnectionFromPoolTimeout, .cancelled]
            if timeouts.contains(error) { return .timedOut(after: timeout) }
            if error == .redirectLimitReached || error == .redirectCycleDetected { return FetchResult(failure: "too many redirects") }
            if error == .invalidURL || error == .emptyHost || error == .emptyScheme { return FetchResult(failure: "not a valid URL") }
            if error == .remoteConnectionClosed { return FetchResult(failure: "the server closed the connection") }
            return FetchResult(failure: "\(error)")
        }
        if let error = error as? NIOConnectionError {
            if error.connectionErrors.isEmpty, error.dnsAError != nil || error.dnsAAAAError != nil {
                return FetchResult(failure: "host not found")
            }
            if error.connectionErrors.contains(where: { ($0.error as? IOError)?.errnoCode == ECONNREFUSED }) {
                return FetchResult(failure: "connection refused")
            }
            return FetchResult(failure: "could not connect")
        }
        if let error = error as? IOError, error.errnoCode == ECONNREFUSED {
            return FetchResult(failure: "connection refused")
        }
        if error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError {
            return FetchResult(failure: "TLS failed (\(error))")
        }
        if error is CancellationError { return .timedOut(after: timeout) }
        return FetchResult(failure: "\(error)")
    }
}
