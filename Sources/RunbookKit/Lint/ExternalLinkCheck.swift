import Foundation

/// `external-link-broken`, only with `runbook lint --external`: every link and image that leaves
/// the site (not placeholders, not under `runbook.externalLinks.exclude`) is asked for once by
/// `ExternalLinkChecker`; answers that were good within `cacheMaxAge` come from the cache file
/// instead. Each page that carries a broken address gets a finding at the link.
public struct ExternalLinkCheck: LintCheck {
    public var codes: [DiagnosticCode] { [.externalLinkBroken] }

    let settings: ExternalLinkSettings
    let fetcher: any LinkFetcher
    /// Where the cache file is, or nil for no cache.
    let cachePath: String?
    var retryDelay = 0.5

    public init(settings: ExternalLinkSettings, sourceDirectory: String, fetcher: any LinkFetcher) {
        self.settings = settings
        self.fetcher = fetcher
        cachePath = settings.cacheFile.isEmpty ? nil
            : (settings.cacheFile.hasPrefix("/") ? settings.cacheFile : joinPath(sourceDirectory, settings.cacheFile))
    }

    /// What was checked, for the summary.
    public struct Report: Sendable {
        public var diagnostics: [Diagnostic]
        public var addresses: Int
        public var fromCache: Int
        public var fetched: Int
    }

    public func run(_ context: LintContext, now: Double = Date().timeIntervalSince1970) async -> Report {
        let resolver = SiteLinkResolver(context: context)
        let placeholders = context.site.config.lint.placeholderHosts.map { $0.lowercased() }
        var occurrences: [String: [(page: Int, link: PageLink)]] = [:]
        for (page, link) in LintRunner.links(context) {
            guard case .external(let address) = resolver.resolve(link.href, fromPage: page) else { continue }
            let url = String(address.prefix { $0 != "#" })
            if settings.exclude.contains(where: { url.hasPrefix($0) }) { continue }
            if let host = PlaceholderLinkCheck.host(of: url), placeholders.contains(where: { host == $0 || host.hasSuffix("." + $0) }) {
                continue  // placeholder-link already says so
            }
            occurrences[url, default: []].append((page, link))
        }
        let urls = occurrences.keys.sorted()
        var cache = cachePath.map(LinkCheckCache.load(path:)) ?? LinkCheckCache()
        let toFetch = urls.filter { !cache.isFresh($0, now: now, maxAge: settings.cacheMaxAge) }
        var checker = ExternalLinkChecker(settings: settings, fetcher: fetcher)
        checker.retryDelay = retryDelay
        let outcomes = await checker.check(toFetch)

        var diagnostics: [Diagnostic] = []
        for url in toFetch {
            switch outcomes[url] {
            case .reachable(let status)?:
                cache.record(url, status: status, at: now)
            case .broken(let reason)?:
                cache.forget(url)
                for (page, link) in occurrences[url] ?? [] {
                    guard let file = context.site.pages[page].sourcePath else { continue }
                    diagnostics.append(Diagnostic(.externalLinkBroken,
                        "\(link.isImage ? "image" : "link") \(url) is broken: \(reason); fix or remove it, or add its prefix to runbook.externalLinks.exclude in config.yaml",
                        at: SourceLocation(file: file, line: link.line, column: link.column)))
                }
            case nil:
                continue
            }
        }
        if let cachePath {
            cache.prune(now: now, maxAge: settings.cacheMaxAge)
            try? cache.save(path: cachePath)
        }
        return Report(diagnostics: diagnostics.sorted(by: Diagnostic.reportOrder), addresses: urls.count,
                      fromCache: urls.count - toFetch.count, fetched: toFetch.count)
    }
}
