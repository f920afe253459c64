import Foundation

/// Asks every external address once: at most `concurrency` requests in flight, each with a
/// timeout, request starts per host spaced by the rate limit, failures retried with growing
/// pauses. `HEAD` first; a server that refuses it (any 4xx or 5xx but 429) is asked with `GET`.
struct ExternalLinkChecker: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Reached: 2xx/3xx, or 401/403/429 (the server is there but refuses robots).
        case reachable(status: Int)
        /// A status that means the page is gone or failing, or no answer at all.
        case broken(reason: String)
    }

    let settings: ExternalLinkSettings
    let fetcher: any LinkFetcher
    /// The pause before the first retry; doubled for each further one.
    var retryDelay: Double = 0.5

    func check(_ urls: [String]) async -> [String: Outcome] {
        let limiter = HostRateLimiter(perSecond: settings.perHostRate)
        var results: [String: Outcome] = [:]
        var pending = urls.makeIterator()
        let width = max(1, settings.concurrency)
        await withTaskGroup(of: (String, Outcome).self) { group in
            for _ in 0..<width {
                guard let url = pending.next() else { break }
                group.addTask { (url, await self.checkOne(url, limiter: limiter)) }
            }
            while let (url, outcome) = await group.next() {
                results[url] = outcome
                if let next = pending.next() {
                    group.addTask { (next, await self.checkOne(next, limiter: limiter)) }
                }
            }
        }
        return results
    }

    func checkOne(_ url: String, limiter: HostRateLimiter) async -> Outcome {
        let host = PlaceholderLinkCheck.host(of: url) ?? url
        let attempts = max(0, settings.retries) + 1
        var last = Outcome.broken(reason: "not checked")
        for attempt in 0..<attempts {
            if attempt > 0 {
                try? await Task.sleep(for: .milliseconds(Int(retryDelay * 1000 * pow(2, Double(attempt - 1)))))
            }
            await limiter.wait(for: host)
            var result = await fetcher.fetch(url, method: "HEAD", timeout: settings.timeoutSeconds)
            if let status = result.status, status >= 400, status != 429 {
                await limiter.wait(for: host)
                result = await fetcher.fetch(url, method: "GET", timeout: settings.timeoutSeconds)
            }
            let tries = attempt + 1
            switch result.status {
            case let status? where status < 400 || status == 401 || status == 403:
                return .reachable(status: status)
            case 429?:
                last = .reachable(status: 429)  // rate limited every time: the server is there
            case let status? where status >= 500:
                last = .broken(reason: "the server answered \(Self.describe(status))\(tries > 1 ? " \(tries) times" : "")")
            case let status?:
                return .broken(reason: "the server answered \(Self.describe(status))")
            case nil:
                let why = result.failure ?? "no answer"
                last = .broken(reason: tries > 1 ? "\(why) (\(tries) tries)" : why)
            }
        }
        return last
    }

    /// `404 Not Found`.
    static func describe(_ status: Int) -> String {
        let names = [301: "Moved Permanently", 400: "Bad Request", 404: "Not Found", 405: "Method Not Allowed",
                     410: "Gone", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
                     504: "Gateway Timeout"]
        return names[status].map { "\(status) \($0)" } ?? "\(status)"
    }
}
