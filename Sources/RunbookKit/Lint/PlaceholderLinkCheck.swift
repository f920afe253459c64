import Foundation

/// `placeholder-link`: a link or image whose host is a placeholder (example.com, localhost and
/// the others in `runbook.placeholderHosts`), including its subdomains. Reported at the address.
struct PlaceholderLinkCheck: PageLintCheck {
    var codes: [DiagnosticCode] { [.placeholderLink] }

    func check(page index: Int, context: LintContext, links: [PageLink]) -> [Diagnostic] {
        let hosts = context.site.config.lint.placeholderHosts.map { $0.lowercased() }
        guard !hosts.isEmpty, let file = context.site.pages[index].sourcePath else { return [] }
        var diagnostics: [Diagnostic] = []
        for link in links {
            guard !context.siteURLPrefixes.contains(where: { link.href.lowercased().hasPrefix($0.lowercased()) }),
                  let host = Self.host(of: link.href),
                  let placeholder = hosts.first(where: { host == $0 || host.hasSuffix("." + $0) }) else { continue }
            diagnostics.append(Diagnostic(.placeholderLink,
                "\(link.isImage ? "image" : "link") \(link.href) points at the placeholder host \(placeholder); replace it with the real address or remove it",
                at: SourceLocation(file: file, line: link.line, column: link.column)))
        }
        return diagnostics
    }

    /// The lower-cased host of an `http(s)://` or `//` address, without port or credentials.
    static func host(of url: String) -> String? {
        let lower = url.trimmingHorizontalWhitespace().lowercased()
        let rest: Substring
        if lower.hasPrefix("http://") { rest = lower.dropFirst(7) }
        else if lower.hasPrefix("https://") { rest = lower.dropFirst(8) }
        else if lower.hasPrefix("//") { rest = lower.dropFirst(2) }
        else { return nil }
        var authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        if authority.hasPrefix("[") { return String(authority.prefix { $0 != "]" }.dropFirst()) }
        let host = authority.prefix { $0 != ":" }
        return host.isEmpty ? nil : String(host)
    }
}
