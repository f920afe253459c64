/// Hugo's `relativeURLs: true`: the site works opened from disk (`file://`), or copied under
/// any folder of a web server.
///
/// - Every `href`, `src`, `action`, `data-index` and meta-refresh `url=` that is a path on this
///   site (`/…` under the base path, not `//host`) becomes relative to the file it is in, and a
///   folder gets its `index.html` (`/runbooks/x/#a` → `../../runbooks/x/index.html#a`): a browser
///   shows a folder listing, not its index, for a `file://` folder. Hugo leaves folders as they
///   are; that is the one difference.
/// - The search index's page addresses are relative to the site's root, where its manifest is.
/// - Browsers refuse `fetch` on `file://`, so each JSON file the theme's script loads (the search
///   index and the menu lists) also gets a script twin (`x.json` → `x.js`, calling
///   `runbookData(path, value)`) that the script loads with a `<script>` element instead.
enum RelativeURLs {
    /// The attribute openings whose value is rewritten when it starts with `/`.
    private static let openings: [[UInt8]] = ["href=\"", "src=\"", "action=\"", "data-index=\"", "; url="].map { Array($0.utf8) }

    /// A site URL (`/docs/runbooks/x/#a`, base path included) as a path from the site's root
    /// (`runbooks/x/index.html#a`); nil when it is not under the base path.
    static func fromRoot(_ url: String, basePath: String) -> String? {
        guard url.hasPrefix(basePath) || url + "/" == basePath else { return nil }
        var rest = Substring(url.dropFirst(min(basePath.count, url.count)))
        var suffix: Substring = ""
        if let cut = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) {
            suffix = rest[cut...]
            rest = rest[..<cut]
        }
        let path = rest.isEmpty || rest.hasSuffix("/") ? rest + "index.html" : String(rest)
        return path + suffix
    }

    /// `../` once per folder above a file (`runbooks/x/index.html` → `../../`).
    static func prefix(forFile path: String) -> String {
        String(repeating: "../", count: path.utf8.reduce(0) { $0 + ($1 == UInt8(ascii: "/") ? 1 : 0) })
    }

    /// One HTML file's site URLs made relative to where it is written.
    static func rewrite(_ html: String, filePath: String, basePath: String) -> String {
        let bytes = Array(html.utf8)
        let prefix = Array(prefix(forFile: filePath).utf8)
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 16)
        var index = 0
        var copied = 0
        let slash = UInt8(ascii: "/")
        while index < bytes.count {
            guard bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "=") else {
                index += 1
                continue
            }
            // An opening ends at this `"` (or `=` for `url=`): look back for one.
            let end = index + 1
            guard end < bytes.count, bytes[end] == slash, end + 1 >= bytes.count || bytes[end + 1] != slash,
                  openings.contains(where: { end >= $0.count && bytes[(end - $0.count)..<end].elementsEqual($0) }) else {
                index += 1
                continue
            }
            var close = end
            while close < bytes.count, bytes[close] != UInt8(ascii: "\""), bytes[close] != UInt8(ascii: "'"),
                  bytes[close] != UInt8(ascii: " "), bytes[close] != UInt8(ascii: ">") {
                close += 1
            }
            let url = String(decoding: bytes[end..<close], as: UTF8.self)
            if let relative = fromRoot(url, basePath: basePath) {
                output += bytes[copied..<end]
                output += prefix
                output += Array(relative.utf8)
                copied = close
            }
            index = close
        }
        if copied == 0 { return html }
        output += bytes[copied...]
        return String(decoding: output, as: UTF8.self)
    }

    /// Whether the theme's script loads a file with `fetch` (and so needs a script twin).
    static func isScriptData(_ path: String) -> Bool {
        path.hasSuffix(".json") && (path == SearchIndex.manifestPath || path.hasPrefix("search/") || path.hasSuffix("/menu.json"))
    }

    /// `search/index/no.json` → `search/index/no.js`.
    static func scriptTwinPath(of path: String) -> String { String(path.dropLast(5)) + ".js" }

    /// `search/index/no.json` → `search/index/no.js`: `runbookData("search/index/no.json", {…});`.
    static func scriptTwin(of file: OutputFile) -> OutputFile {
        var bytes = Array("runbookData(\(jsonString(file.path)),".utf8)
        var json = file.bytes[...]
        while json.last == UInt8(ascii: "\n") { json = json.dropLast() }
        bytes += json
        bytes += Array(");\n".utf8)
        return OutputFile(path: scriptTwinPath(of: file.path), bytes: bytes)
    }

    /// What a build with `relativeURLs` writes for one file: HTML rewritten, script data twinned.
    static func files(for file: OutputFile, basePath: String) -> [OutputFile] {
        if file.path.hasSuffix(".html") {
            let html = String(decoding: file.bytes, as: UTF8.self)
            return [OutputFile(path: file.path, text: rewrite(html, filePath: file.path, basePath: basePath))]
        }
        return isScriptData(file.path) ? [file, scriptTwin(of: file)] : [file]
    }
}
