import Foundation
import Hummingbird
import Logging
import RunbookKit

/// `runbook serve`: the site built in memory, served over HTTP with live reload.
///
///     file events ─► FileWatcher ─► Debouncer ─► BuildSession.rebuild ─► ServedSite ─► EventHub
///                   (inotify)      (one burst,    (off the cooperative   (swap files)   (reload /
///                                   one rebuild)   thread pool)                          error event)
///
/// The reload event goes out only after the new files are being served, so a browser that
/// reloads at once gets the new page.
public final class PreviewServer: @unchecked Sendable {
    public let options: ServerOptions
    public let sourceDirectory: String
    /// This run of the server; pages served by another run reload when they reconnect.
    public let instance: String

    private let session: BuildSession
    private let site = ServedSite()
    private let hub: EventHub
    private let onEvent: @Sendable (ServerEvent) -> Void
    private let lock = NSLock()
    private var serverTask: Task<Void, Never>?
    private var heartbeatTask: Task<Void, Never>?
    private var watcher: FileWatcher?
    private var debouncer: Debouncer?
    private var forwarding: (AsyncStream<FileWatcher.Changes>.Continuation, Task<Void, Never>)?
    private var boundPort: Int?
    private var lastDiagnostics: Set<Diagnostic> = []
    private var rebuilds = 0

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
        self.onEvent = onEvent
        self.folders = Self.watchedFolders(config)
    }

    private var folders: [String]

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
        lock.withLock { lastDiagnostics = Set(update.diagnostics) }
        if update.hasErrors { hub.publish(ServerSentEvent.error(update.diagnostics.filter { $0.severity == .error }), isError: true) }
        let result = update.result
        let summary = TextReport.summary(pages: result.pageCount, rules: result.resolvedRuleCount, errors: result.errorCount,
                                         warnings: result.warningCount, milliseconds: elapsed)
        onEvent(.built(RebuildReport(summary: summary, diagnostics: update.diagnostics, trigger: [], update: update, milliseconds: elapsed)))

        let bound = try await listen(port: port)
        lock.withLock { boundPort = bound }

        let debouncer = Debouncer(quiet: options.quietWindow, settle: options.settleWindow, maxDelay: options.maxDelay) { [weak self] paths in
            await self?.rebuild(paths)
        }
        // Reports go through one queue so the debouncer sees them in order.
        let (reports, queue) = AsyncStream<FileWatcher.Changes>.makeStream()
        let forwarding = Task {
            for await changes in reports { await debouncer.add(changes.paths, settled: changes.settled) }
        }
        let onEvent = onEvent
        let watcher = FileWatcher(root: sourceDirectory, folders: folders, configFiles: ConfigLoader.fileNames,
                                  warn: { onEvent(.warning($0)) }) { changes in
            queue.yield(changes)
        }
        do {
            try watcher.start()
        } catch {
            onEvent(.warning("\(error); pages will not reload by themselves"))
        }
        let hub = hub
        let heartbeat = options.heartbeat
        let heartbeatTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: heartbeat)
                hub.publish(ServerSentEvent.heartbeat)
            }
        }
        lock.withLock {
            self.watcher = watcher
            self.debouncer = debouncer
            self.heartbeatTask = heartbeatTask
            self.forwarding = (queue, forwarding)
        }
        return bound
    }

    /// The port the server listens on, once started.
    public var port: Int? { lock.withLock { boundPort } }

    /// `http://127.0.0.1:1313/` (with the base path).
    public var url: String? { port.map { ServerOptions.url(host: options.host, port: $0, basePath: options.basePath) } }

    /// How many browsers (event streams) are connected.
    public var subscriberCount: Int { hub.subscriberCount }

    /// How many rebuilds file changes caused so far.
    public var rebuildCount: Int { lock.withLock { rebuilds } }

    /// Stops watching, ends the event streams and closes the server.
    public func stop() async {
        let (watcher, debouncer, heartbeat, server, forwarding) = lock.withLock {
            (self.watcher, self.debouncer, heartbeatTask, serverTask, self.forwarding)
        }
        watcher?.stop()
        forwarding?.0.finish()
        await forwarding?.1.value
        await debouncer?.stop()
        heartbeat?.cancel()
        hub.close()
        server?.cancel()
        await server?.value
    }

    /// Runs until the task is cancelled (or the process ends).
    public func wait() async {
        let server = lock.withLock { serverTask }
        await server?.value
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
        let shown: [Diagnostic] = lock.withLock {
            defer {
                lastDiagnostics = Set(update.diagnostics)
                rebuilds += 1
            }
            return update.diagnostics.filter { $0.severity == .error || !lastDiagnostics.contains($0) }
        }
        let newFolders = Self.watchedFolders(update.result.config)
        if newFolders != folders {
            folders = newFolders
            lock.withLock { watcher }?.setFolders(newFolders)
        }
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

    private func listen(port: Int) async throws -> Int {
        let responder = SiteResponder(site: site, hub: hub, server: instance, basePath: options.basePath)
        var logger = Logger(label: "runbook.serve")
        logger.logLevel = .critical
        let ready = OneShot<Int>()
        let app = Application(
            responder: responder,
            configuration: ApplicationConfiguration(address: .hostname(options.host, port: port), serverName: nil),
            onServerRunning: { channel in ready.resolve(.success(channel.localAddress?.port ?? port)) },
            logger: logger)
        let task = Task {
            do {
                try await app.run()
                ready.resolve(.failure(ServeError.stopped))
            } catch {
                ready.resolve(.failure(error))
            }
        }
        lock.withLock { serverTask = task }
        return try await ready.value
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
final class OneShot<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Value, any Error>?
    private var waiter: CheckedContinuation<Value, any Error>?

    func resolve(_ outcome: Result<Value, any Error>) {
        let waiter: CheckedContinuation<Value, any Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = outcome
            defer { self.waiter = nil }
            return self.waiter
        }
        waiter?.resume(with: outcome)
    }

    var value: Value {
        get async throws {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<Value, any Error>? = lock.withLock {
                    if let result { return result }
                    waiter = continuation
                    return nil
                }
                if let ready { continuation.resume(with: ready) }
            }
        }
    }
}
