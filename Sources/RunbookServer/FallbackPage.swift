import RunbookKit

/// Pages the server makes itself when the site has none to give: a plain "not found" for a
/// site without `404.html`, and the error page shown when nothing has built yet. Both get the
/// live-reload script, so they turn into the real page as soon as it exists.
enum FallbackPage {
    static func notFound(path: String) -> String {
        page(title: "Not found", body: "<h1>Not found</h1>\n<p>The site has no page at <code>\(escape(path))</code>.</p>")
    }

    static func buildFailed(_ diagnostics: [Diagnostic]) -> String {
        var items = ""
        for diagnostic in diagnostics where diagnostic.severity == .error {
            let place = diagnostic.location.map { "<code>\(escape($0.description))</code> " } ?? ""
            items += "<li>\(place)\(escape(diagnostic.message)) <small>[\(escape(diagnostic.code.rawValue))]</small></li>\n"
        }
        return page(title: "The site does not build", body: """
            <h1>The site does not build</h1>
            <p>Nothing has built yet. Fix these problems and save; this page reloads by itself.</p>
            <ul>
            \(items)</ul>
            """)
    }

    private static func page(title: String, body: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>\(escape(title))</title>
        <style>body{font:16px/1.5 system-ui,sans-serif;max-width:50rem;margin:3rem auto;padding:0 1rem}li{margin:.5rem 0}code{color:#b00}</style>
        </head>
        <body>
        \(body)
        </body>
        </html>

        """
    }

    static func escape(_ text: String) -> String { escapeHTML(text) }
}
