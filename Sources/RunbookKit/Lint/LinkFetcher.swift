import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What one request for an external link gave: the HTTP status, or why there was none.
public struct FetchResult: Sendable, Equatable {
    public var status: Int?
    /// Why no status came back (`timed out after 10 s`, `could not connect`).
    public var failure: String?

    public init(status: Int? = nil, failure: String? = nil) {
        self.status = status
        self.failure = failure
    }
}

/// Makes one HTTP request; `lint --external` uses `URLSessionLinkFetcher`, tests may use another.
public protocol LinkFetcher: Sendable {
    func fetch(_ url: String, method: String, timeout: Double) async -> FetchResult
}

/// Foundation's URLSession: follows redirects, never stores cookies or a cache, identifies
/// itself as runbook's link checker.
public final class URLSessionLinkFetcher: LinkFetcher, @unchecked Sendable {
    // URLSession is thread-safe; it is only read after init.
    private let session: URLSession

    public init(timeout: Double) {
        let configuration = URLSessionConfiguration.ephemeral
        // Foundation on Linux mishandles timeouts below a second (they fire at once, or never);
        // the session's is only a backstop, `fetch` enforces the real one.
        configuration.timeoutIntervalForRequest = max(1, timeout.rounded(.up)) + 1
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.httpAdditionalHeaders = ["User-Agent": "Mozilla/5.0 (compatible; runbook-lint/0.1; link checker)", "Accept": "*/*"]
        session = URLSession(configuration: configuration)
    }

    deinit { session.finishTasksAndInvalidate() }

    public func fetch(_ address: String, method: String, timeout: Double) async -> FetchResult {
        guard let url = URL(string: address) ?? address.addingPercentEncoding(withAllowedCharacters: .urlFragmentAllowed).flatMap(URL.init(string:)) else {
            return FetchResult(failure: "not a valid URL")
        }
        var prepared = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: max(1, timeout.rounded(.up)) + 1)
        prepared.httpMethod = method
        let request = prepared
        // Whichever ends first, the request or the timer, answers; the other is cancelled.
        let gate = FirstAnswer()
        return await withCheckedContinuation { continuation in
            gate.wait(with: continuation)
            let work = Task { gate.answer(await self.perform(request, timeout: timeout)) }
            Task {
                try? await Task.sleep(for: .milliseconds(Int(timeout * 1000)))
                if gate.answer(FetchResult(failure: "timed out after \(Self.seconds(timeout))")) { work.cancel() }
            }
        }
    }

    private func perform(_ request: URLRequest, timeout: Double) async -> FetchResult {
        do {
            let (_, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return FetchResult(failure: "no HTTP response") }
            return FetchResult(status: http.statusCode)
        } catch let error as URLError {
            switch error.code {
            case .timedOut: return FetchResult(failure: "timed out after \(Self.seconds(timeout))")
            case .cannotFindHost, .dnsLookupFailed: return FetchResult(failure: "host not found")
            case .cannotConnectToHost: return FetchResult(failure: "connection refused")
            case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
                 .serverCertificateNotYetValid, .serverCertificateHasUnknownRoot:
                return FetchResult(failure: "TLS failed (\(error.localizedDescription))")
            case .httpTooManyRedirects: return FetchResult(failure: "too many redirects")
            default: return FetchResult(failure: error.localizedDescription)
            }
        } catch {
            return FetchResult(failure: "\(error)")
        }
    }

    static func seconds(_ value: Double) -> String {
        value == value.rounded() ? "\(Int(value)) s" : "\(value) s"
    }
}

/// Resumes a continuation with the first answer only.
private final class FirstAnswer: @unchecked Sendable {
    private let lock = NSLock()
    private var continuation: CheckedContinuation<FetchResult, Never>?
    private var early: FetchResult?
    private var done = false

    func wait(with continuation: CheckedContinuation<FetchResult, Never>) {
        lock.withLock {
            if let early {
                continuation.resume(returning: early)
            } else {
                self.continuation = continuation
            }
        }
    }

    /// Whether this was the first answer.
    @discardableResult
    func answer(_ result: FetchResult) -> Bool {
        lock.withLock {
            guard !done else { return false }
            done = true
            if let continuation {
                continuation.resume(returning: result)
                self.continuation = nil
            } else {
                early = result
            }
            return true
        }
    }
}
