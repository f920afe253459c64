/// What one request for an external link gave: the HTTP status, or why there was none.
public struct FetchResult: Sendable, Equatable {
    public var status: Int?
    /// Why no status came back (`timed out after 10 s`, `could not connect`).
    public var failure: String?

    public init(status: Int? = nil, failure: String? = nil) {
        self.status = status
        self.failure = failure
    }

    /// `timed out after 2 s`, `timed out after 0.5 s`.
    public static func timedOut(after seconds: Double) -> FetchResult {
        FetchResult(failure: "timed out after \(seconds == seconds.rounded() ? "\(Int(seconds))" : "\(seconds)") s")
    }
}

/// Makes one HTTP request. `lint --external` uses `HTTPClientLinkFetcher` (target
/// RunbookLinkFetcher, async-http-client): RunbookKit itself links no HTTP stack.
public protocol LinkFetcher: Sendable {
    func fetch(_ url: String, method: String, timeout: Double) async -> FetchResult
}
