import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import RunbookKit
import ServiceLifecycle
import Synchronization

/// `runbook serve`: the site built in memory, served over HTTP with live reload.
///
///     file events ─► FileWatcher ─► Debouncer ─► BuildSession.rebuild ─► ServedSite ─► EventHub
///                   (inotify)      (one burst,    (off the cooperative   (swap files)   (reload /
///                                   one rebuild)   thread pool)                          error event)
///
/// The reload event goes out only after the new files are being served, so a browser that
/// reloads at once gets the new page.
///
/// The HTTP server, the debouncer, the watcher and the heartbeat run as services of one
/// `ServiceGroup`; stopping shuts them down in reverse order: the event streams end, the
/// watcher stops, a running rebuild finishes, then the HTTP server closes.
public final class PreviewServer: Sendable {
    public let options: ServerOptions
    public let sourceDirectory: String
    /// This run of the server; pages served by another run reload when they reconnect.
    public let instance: String

    private let session: BuildSession
    private let site = ServedSite()
    private let hub: EventHub
    private let limiter: ConnectionLimiter
    private let onEvent: @Sendable (ServerEvent) -> Void

    private struct State {
        var group: ServiceGroup?
        var running: Task<Void, Never>?
        var watcher: FileWatcher?
        var boundPort: Int?
        var lastDiagnostics: Set<Diagnostic> = []
        var rebuilds = 0
        var folders: [String]
    }

    private let state: Mutex<State>

    /// - Parameters:
    ///   - config: the site's configuration, as `ConfigLoader` read it.
    ///   - build: what to build; its `baseURL` is replaced by `options.basePath`, so the site's
    ///     links point at this server.
    ///   - onEvent: build summaries and warnings for the terminal; called from any thread.
    public init(config: SiteConfig, build: BuildOptions, options: ServerOptions,
                onEvent: @escaping @Sendable (ServerEvent) -> Void = { _ in }) {
        var build = build
        var options = options
        options.basePath = ServerOptions.normalisedBasePath(options.basePath)
        build.baseURL = options.basePath
        self.options = options
        self.sourceDirectory = build.sourceDirectory
        self.session = BuildSession(config: config, options: build)
        self.instance = Self.makeInstanceID()
        self.hub = EventHub(server: instance)
        self.limiter = ConnectionLimiter(maximum: options.maxConnections)
        self.onEvent = onEvent
        self.state = Mutex(State(folders: Self.watchedFolders(config)))
    }

    /// The folders the watcher follows for a configuration.
    static func watchedFolders(_ config: SiteConfig) -> [String] {
        [config.contentDir, config.rulesDir, config.templatesDir, config.staticDir]
    }

    /// Builds the site, binds the port, starts watching. Returns the port it listens on.
    @discardableResult
    public func start() async throws -> Int {
        // A taken port fails before the (possibly long) first build.
        let port = try PortFinder.choose(host: options.host, port: options.port, explicit: options.portIsExplicit,
                                         attempts: options.portAttempts)
        let clock = ContinuousClock()
        let began = clock.now
        let session = session
        let update = await Self.offload { session.build() }
        let elapsed = Self.milliseconds(clock.now - began)
        site.apply(update)
        state.withLock { $0.lastDiagnostics = Set(update.diagnostics) }
        if update.hasErrors { hub.publish(ServerSentEvent.error(update.diagnostics.filter { $0.severity == .error }), isError: true) }
        let result = update.result
        let summary = TextReport.summary(pages: result.pageCount, rules: result.resolvedRuleCount, errors: result.errorCount,
                                         warnings: result.warningCount, milliseconds: elapsed)
        onEvent(.built(RebuildReport(summary: summary, diagnostics: update.diagnostics, trigger: [], update: update, milliseconds: elapsed)))

        var logger = Logger(label: "runbook.serve")
        logger.logLevel = .critical
        let ready = OneShot<Int>()
        let app = application(port: port, logger: logger, ready: ready)

        let debouncer = Debouncer(quiet: options.quietWindow, settle: options.settleWindow, maxDelay: options.maxDelay) { [weak self] paths in
            await self?.rebuild(paths)
        }
        // Reports go through one queue so the debouncer sees them in order.
        let (reports, queue) = AsyncStream<FileWatcher.Changes>.makeStream()
        let onEvent = onEvent
        let watcher = FileWatcher(root: sourceDirectory, folders: state.withLock { $0.folders }, configFiles: ConfigLoader.fileNames,
                                  warn: { onEvent(.warning($0)) }) { changes in
            queue.yield(changes)
        }
        let watching: FileWatcher?
        do {
            try watcher.start()
            watching = watcher
        } catch {
            watching = nil
            onEvent(.warning("\(error); pages will not reload by themselves"))
        }
        // Shut down last to first.
        let services: [any Service] = [
            app,
            debouncer,
            WatchService(watcher: watching, reports: reports, debouncer: debouncer),
            HeartbeatService(hub: hub, interval: options.heartbeat),
        ]
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(services: services, logger: logger))
        let running = Task {
            do {
                try await group.run()
                ready.resolve(.failure(ServeError.stopped))
            } catch {
                ready.resolve(.failure(error))
            }
            watching?.stop()
        }
        state.withLock {
            $0.group = group
            $0.running = running
            $0.watcher = watching
        }
        let bound = try await ready.value
        state.withLock { $0.boundPort = bound }
        return bound
    }

    /// The port the server listens on, once started.
    public var port: Int? { state.withLock { $0.boundPort } }

    /// `http://127.0.0.1:1313/` (with the base path).
    public var url: String? { port.map { ServerOptions.url(host: options.host, port: $0, basePath: options.basePath) } }

    /// How many browsers (event streams) are connected.
    public var subscriberCount: Int { hub.subscriberCount }

    /// How many rebuilds file changes caused so far.
    public var rebuildCount: Int { state.withLock { $0.rebuilds } }

    /// How many connections are open.
    var connectionCount: Int { limiter.count }

    /// Ends the event streams, stops watching, lets a running rebuild finish and closes the
    /// server (the services' graceful shutdown, in that order).
    public func stop() async {
        let (group, running) = state.withLock { ($0.group, $0.running) }
        await group?.triggerGracefulShutdown()
        await running?.value
    }

    /// Runs until the server stops (or the process ends).
    public func wait() async {
        let running = state.withLock { $0.running }
        await running?.value
    }

    /// Rebuilds after `paths` changed, serves the result and tells the browsers.
    func rebuild(_ paths: Set<String>) async {
        let clock = ContinuousClock()
        let began = clock.now
        let session = session
        let update = await Self.offload { session.rebuild(changed: paths) }
        // The new files are in place before anyone hears of them.
        site.apply(update)
        let errors = update.diagnostics.filter { $0.severity == .error }
        // A failed build changes files only while the site has never built; then the pages
        // reload (to show the latest render) and the overlay comes back on top of them.
        // An empty reload event still matters when it clears the error overlay.
        if !update.changedPaths.isEmpty || (errors.isEmpty && hub.hasPendingError) {
            hub.publish(ServerSentEvent.reload(urls: reloadURLs(update)), clearsError: true)
        }
        if !errors.isEmpty {
            hub.publish(ServerSentEvent.error(errors), isError: true)
        }
        let elapsed = Self.milliseconds(clock.now - began)
        let newFolders = Self.watchedFolders(update.result.config)
        let (shown, refolder): ([Diagnostic], FileWatcher?) = state.withLock { state in
            defer {
                state.lastDiagnostics = Set(update.diagnostics)
                state.rebuilds += 1
            }
            let shown = update.diagnostics.filter { $0.severity == .error || !state.lastDiagnostics.contains($0) }
            guard newFolders != state.folders else { return (shown, nil) }
            state.folders = newFolders
            return (shown, state.watcher)
        }
        refolder?.setFolders(newFolders)
        onEvent(.rebuilt(RebuildReport(summary: RebuildReport.summary(update, milliseconds: elapsed, keptLastGood: site.snapshot.hasBuilt), diagnostics: shown,
                                       trigger: paths.sorted(), update: update, milliseconds: elapsed)))
    }

    /// Page URLs that changed, then the URLs of other changed files (stylesheets, images…),
    /// which the browser reloads for when the open page uses them.
    func reloadURLs(_ update: BuildSession.Update) -> [String] {
        let pages = Set(update.changedPaths.filter { $0.hasSuffix("index.html") })
        let others = update.changedPaths.filter { !pages.contains($0) }.map { options.basePath + $0 }
        return update.changedURLs + others
    }

    /// The HTTP server: loopback-only `Host` check, header and idle timeouts, connection cap.
    private func application(port: Int, logger: Logger, ready: OneShot<Int>) -> some Service {
        let responder = SiteResponder(site: site, hub: hub, server: instance, basePath: options.basePath,
                                      hosts: HostPolicy(listeningOn: options.host, allowedHosts: options.allowedHosts))
        let limiter = limiter
        let headerTimeout = options.headerTimeout
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(limiter: limiter, headerTimeout: headerTimeout)],
            idleTimeout: .nanoseconds(Int64(Self.milliseconds(options.idleTimeout)) * 1_000_000))
        return Application(
            responder: responder,
            server: .http1(configuration: http),
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: port), serverName: nil),
            onServerRunning: { channel in ready.resolve(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
    }

    enum ServeError: Error, CustomStringConvertible {
        case stopped
        var description: String { "the server stopped before it was listening" }
    }

    /// Runs blocking build work on a dispatch thread, keeping the cooperative pool free for
    /// requests.
    static func offload<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async { continuation.resume(returning: work()) }
        }
    }

    static func milliseconds(_ duration: Duration) -> Int {
        Int(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)
    }

    private static func makeInstanceID() -> String {
        String(UInt64.random(in: 0...UInt64.max), radix: 36)
    }
}

/// A value that arrives once, from whichever side comes first.
final class OneShot<Value: Sendable>: Sendable {
    private struct State {
        var result: Result<Value, any Error>?
        var waiter: CheckedContinuation<Value, any Error>?
    }

    private let state = Mutex(State())

    func resolve(_ outcome: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = state.withLock { state in
            guard state.result == nil else { return nil }
            state.result = outcome
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume(with: outcome)
    }

    var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Value, any Error>? = state.withLock { state in
                    if let result = state.result { return result }
                    state.waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
