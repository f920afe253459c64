import Foundation
import Hummingbird
import RunbookKit

/// Answers every request: the live-reload script and event stream under `/__runbook/`, and
/// otherwise only files of the built site, from memory.
///
/// - `GET` and `HEAD`; anything else is 405.
/// - A folder's `index.html`; `/x` redirects to `/x/` when `x/index.html` exists.
/// - `ETag` (the build generation that last changed the file) and `If-None-Match` → 304;
///   `Cache-Control: no-cache`, so the browser revalidates every time and never shows an
///   old page.
/// - The site's `404.html` with status 404.
/// - HTML gets the live-reload script before `</body>`.
/// - A `Host` the `HostPolicy` does not allow gets 421 before anything else (DNS rebinding).
struct SiteResponder: HTTPResponder {
    typealias Context = BasicRequestContext

    let site: ServedSite
    let hub: EventHub
    let server: String
    let basePath: String
    let hosts: HostPolicy

    func respond(to request: Request, context: Context) async throws -> Response {
        guard hosts.allows(request.head.authority) else {
            let shown = String((request.head.authority ?? "").unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7F }.prefix(200).map(Character.init))
            return text("""
                misdirected request: this preview answers only requests for localhost (Host: '\(shown)');                 to reach it under another name, start `runbook serve` with --allowed-host NAME

                """, status: .misdirectedRequest, request: request)
        }
        guard request.method == .get || request.method == .head else {
            var headers = HTTPFields()
            headers[.allow] = "GET, HEAD"
            return text("method not allowed\n", status: .methodNotAllowed, headers: headers, request: request)
        }
        let raw = request.uri.path
        if raw == LiveReloadScript.eventsPath { return events(request) }
        if raw == LiveReloadScript.path { return script(request) }

        let path: RequestPath
        switch RequestPath.parse(raw) {
        case .success(let parsed): path = parsed
        case .failure(let refusal): return text("bad request path (\(refusal))\n", status: .badRequest, request: request)
        }
        let snapshot = site.snapshot
        if snapshot.files.isEmpty && !snapshot.errors.isEmpty {
            return html(FallbackPage.buildFailed(snapshot.errors), status: .internalServerError, tag: "error", request: request)
        }
        let base = basePath.split(separator: "/").map(String.init)
        guard let relative = path.relative(to: base) else {
            if path.segments == base || path.segments.isEmpty { return redirect(to: basePath, request: request) }
            return notFound(raw, snapshot: snapshot, request: request)
        }
        if !path.isDirectory && relative.segments.isEmpty { return redirect(to: basePath, request: request) }
        let key = relative.siteKey
        if let file = snapshot.files[key] {
            return serve(file, etag: etag(snapshot.generations[key] ?? 0), request: request)
        }
        if !relative.isDirectory, snapshot.files[key + "/index.html"] != nil {
            return redirect(to: Self.collapsingSlashes(raw) + "/", request: request)
        }
        return notFound(raw, snapshot: snapshot, request: request)
    }

    /// `//runbooks//app` → `/runbooks/app`: a `Location` starting with `//` would send the
    /// browser to another host (`//evil.example/`).
    static func collapsingSlashes(_ path: String) -> String {
        var result = ""
        for character in path where !(character == "/" && result.hasSuffix("/")) { result.append(character) }
        return result
    }

    private func etag(_ generation: Int) -> String { "\"\(server)-\(generation)\"" }

    private func serve(_ file: OutputFile, etag: String, request: Request) -> Response {
        var headers = commonHeaders(contentType: ContentType.of(path: file.path))
        headers[.eTag] = etag
        if let tags = request.headers[.ifNoneMatch], Self.matches(tags, etag) {
            return Response(status: .notModified, headers: headers)
        }
        let bytes = ContentType.isHTML(path: file.path)
            ? LiveReloadScript.inject(LiveReloadScript.tag(server: server), into: file.bytes)
            : file.bytes
        return body(bytes, status: .ok, headers: headers, request: request)
    }

    private func notFound(_ raw: String, snapshot: ServedSite.Snapshot, request: Request) -> Response {
        if let page = snapshot.files["404.html"] {
            let bytes = LiveReloadScript.inject(LiveReloadScript.tag(server: server, status: "404"), into: page.bytes)
            return body(bytes, status: .notFound, headers: commonHeaders(contentType: ContentType.html), request: request)
        }
        return html(FallbackPage.notFound(path: raw), status: .notFound, tag: "404", request: request)
    }

    private func html(_ page: String, status: HTTPResponse.Status, tag: String, request: Request) -> Response {
        let bytes = LiveReloadScript.inject(LiveReloadScript.tag(server: server, status: tag), into: Array(page.utf8))
        return body(bytes, status: status, headers: commonHeaders(contentType: ContentType.html), request: request)
    }

    private func text(_ message: String, status: HTTPResponse.Status, headers extra: HTTPFields = [:], request: Request) -> Response {
        var headers = commonHeaders(contentType: "text/plain; charset=utf-8")
        headers.append(contentsOf: extra)
        return body(Array(message.utf8), status: status, headers: headers, request: request)
    }

    private func redirect(to location: String, request: Request) -> Response {
        var headers = commonHeaders(contentType: "text/plain; charset=utf-8")
        headers[.location] = location + (request.uri.query.map { "?\($0)" } ?? "")
        return body(Array("moved to \(location)\n".utf8), status: .found, headers: headers, request: request)
    }

    private func script(_ request: Request) -> Response {
        let headers = commonHeaders(contentType: "text/javascript; charset=utf-8")
        return body(Array(LiveReloadScript.source.utf8), status: .ok, headers: headers, request: request)
    }

    private func events(_ request: Request) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream; charset=utf-8"
        headers[.cacheControl] = "no-cache"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        if request.method == .head { return Response(status: .ok, headers: headers) }
        let hub = hub
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for await message in hub.subscribe() {
                try await writer.write(ByteBuffer(string: message))
            }
            try await writer.finish(nil)
        })
    }

    private func commonHeaders(contentType: String) -> HTTPFields {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = "no-cache"
        headers[.init("X-Content-Type-Options")!] = "nosniff"
        return headers
    }

    /// The body for GET; for HEAD only its length.
    private func body(_ bytes: [UInt8], status: HTTPResponse.Status, headers: HTTPFields, request: Request) -> Response {
        var headers = headers
        headers[.contentLength] = String(bytes.count)
        if request.method == .head { return Response(status: status, headers: headers) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    /// `If-None-Match: "a", W/"b"` against our ETag (weak comparison, as RFC 9110 asks for it).
    static func matches(_ header: String, _ etag: String) -> Bool {
        for candidate in header.split(separator: ",") {
            var tag = candidate.trimmingCharacters(in: .whitespaces)
            if tag == "*" { return true }
            if tag.hasPrefix("W/") { tag.removeFirst(2) }
            if tag == etag { return true }
        }
        return false
    }
}
