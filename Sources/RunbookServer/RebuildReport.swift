import RunbookKit

/// What the terminal shows after a build: one summary line and the diagnostics worth showing.
public struct RebuildReport: Sendable {
    /// `rebuilt in 12 ms: 1 page changed`
    public let summary: String
    /// Errors every time; warnings and notes only when this build brought them.
    public let diagnostics: [Diagnostic]
    /// The source paths whose change caused this build (empty for the first build).
    public let trigger: [String]
    public let update: BuildSession.Update
    public let milliseconds: Int

    /// The summary line of a rebuild.
    /// - Parameter keptLastGood: whether a failed build left the last good site in place
    ///   (false before the site ever built).
    public static func summary(_ update: BuildSession.Update, milliseconds: Int, keptLastGood: Bool = true) -> String {
        let time = "\(grouped(milliseconds)) ms"
        let errors = update.diagnostics.filter { $0.severity == .error }.count
        if errors > 0 {
            let count = "\(grouped(errors)) \(errors == 1 ? "error" : "errors")"
            if keptLastGood { return "rebuild failed in \(time): \(count); still serving the last good pages" }
            return "rebuild failed in \(time): \(count); the site has not built yet, serving pages as they render"
        }
        let pages = update.changedURLs.count
        let others = update.changedPaths.count - pages
        var parts: [String] = []
        if pages > 0 { parts.append("\(grouped(pages)) \(pages == 1 ? "page" : "pages")") }
        if others > 0 { parts.append("\(grouped(others)) other \(others == 1 ? "file" : "files")") }
        if parts.isEmpty { return "rebuilt in \(time): nothing changed" }
        return "rebuilt in \(time): \(parts.joined(separator: " and ")) changed"
    }
}

/// What the server tells the command while it runs.
public enum ServerEvent: Sendable {
    /// The first build, before the server listens.
    case built(RebuildReport)
    /// A rebuild after files changed.
    case rebuilt(RebuildReport)
    /// Something worth a line on the terminal (the watcher cannot watch everything, …).
    case warning(String)
}
