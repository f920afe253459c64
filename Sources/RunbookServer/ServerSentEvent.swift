import Foundation
import RunbookKit

/// The messages of `/__runbook/events`, in the `text/event-stream` format:
///
///     event: reload
///     data: ["/runbooks/x/y/"]
///
/// - `hello` (`{"server": "<id>"}`) opens every stream; a page served by another server
///   instance reloads, since the server restarted and its pages may be newer.
/// - `reload`: the URLs of the pages and files that changed, sent only once they are served.
/// - `error`: the build's errors (file, line, column, message, code); the site still serves
///   the last good build. Sent again to every new stream until a build succeeds.
enum ServerSentEvent {
    static func message(event: String, data: String) -> String {
        var text = "event: \(event)\n"
        for line in data.split(separator: "\n", omittingEmptySubsequences: false) {
            text += "data: \(line)\n"
        }
        return text + "\n"
    }

    /// A comment line: keeps an idle connection alive and finds dead ones.
    static let heartbeat = ": ping\n\n"
    /// Tells EventSource how soon to reconnect after the connection drops.
    static let retry = "retry: 1000\n\n"

    static func hello(server: String) -> String {
        message(event: "hello", data: JSONValue.object([("server", .string(server))]).text(pretty: false))
    }

    static func reload(urls: [String]) -> String {
        message(event: "reload", data: JSONValue.array(urls.map(JSONValue.string)).text(pretty: false))
    }

    static func error(_ diagnostics: [Diagnostic]) -> String {
        message(event: "error", data: JSONValue.array(diagnostics.map { DiagnosticPayload($0).json }).text(pretty: false))
    }
}

/// One diagnostic as the browser's overlay reads it.
public struct DiagnosticPayload: Codable, Equatable, Sendable {
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var severity: String
    public var code: String
    public var message: String

    public init(_ diagnostic: Diagnostic) {
        file = diagnostic.location?.file
        line = diagnostic.location?.line
        column = diagnostic.location?.column
        severity = diagnostic.severity.rawValue
        code = diagnostic.code.rawValue
        message = diagnostic.message
    }

    /// Keys sorted, absent locations left out, as the overlay script reads them.
    var json: JSONValue {
        var members: [(String, JSONValue)] = [("code", .string(code))]
        if let column { members.append(("column", .int(column))) }
        if let file { members.append(("file", .string(file))) }
        if let line { members.append(("line", .int(line))) }
        members += [("message", .string(message)), ("severity", .string(severity))]
        return .object(members)
    }
}
