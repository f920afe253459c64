import ServiceLifecycle

/// Hands the watcher's reports to the debouncer, in order, and stops the watcher (its inotify
/// thread) on shutdown. The watcher starts before the group runs, so the watches are in
/// place as soon as `PreviewServer.start()` returns.
struct WatchService: Service {
    let watcher: FileWatcher?
    let reports: AsyncStream<FileWatcher.Changes>
    let debouncer: Debouncer<ContinuousClock>

    func run() async {
        for await changes in reports.cancelOnGracefulShutdown() {
            await debouncer.add(changes.paths, settled: changes.settled)
        }
        watcher?.stop()
    }
}

/// Sends a comment down every event stream now and then, so dead connections are noticed.
/// On shutdown it ends every stream, so the HTTP server's graceful shutdown (which waits for
/// responses in progress) is not held open by them.
struct HeartbeatService: Service {
    let hub: EventHub
    let interval: Duration

    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                hub.publish(ServerSentEvent.heartbeat)
            }
        }
        hub.close()
    }
}
