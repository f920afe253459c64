import Foundation

/// The results of earlier `--external` runs, in a JSON file (`.runbook-link-cache.json` in the
/// source folder by default): links that answered well, with when. An entry younger than
/// `cacheMaxAge` is trusted instead of asking again; broken links are always asked again, so a
/// fix shows at once.
struct LinkCheckCache: Sendable {
    /// URL → seconds since 1970 when it last answered well, and its status.
    private(set) var entries: [String: (checked: Double, status: Int)] = [:]

    static func load(path: String) -> LinkCheckCache {
        var cache = LinkCheckCache()
        guard let bytes = try? FileSystem.readBytes(path),
              let file = try? JSONDecoder().decode(StoredFile.self, from: Data(bytes)) else { return cache }
        for (url, entry) in file.links {
            guard let checked = entry.checked, let status = entry.status else { continue }
            cache.entries[url] = (checked, status)
        }
        return cache
    }

    /// The file as `text()` writes it; an entry missing a field is skipped, not the whole file.
    private struct StoredFile: Decodable {
        struct Entry: Decodable {
            let checked: Double?
            let status: Int?
        }
        let links: [String: Entry]
    }

    /// Whether `url` answered well less than `maxAge` seconds before `now`.
    func isFresh(_ url: String, now: Double, maxAge: Double) -> Bool {
        guard let entry = entries[url] else { return false }
        return now - entry.checked < maxAge && entry.checked <= now + 60
    }

    mutating func record(_ url: String, status: Int, at now: Double) { entries[url] = (now, status) }

    mutating func forget(_ url: String) { entries[url] = nil }

    /// Drops entries older than `maxAge`, so the file does not grow forever.
    mutating func prune(now: Double, maxAge: Double) {
        entries = entries.filter { now - $0.value.checked < maxAge }
    }

    func text() -> String {
        let links = entries.sorted { $0.key < $1.key }.map { url, entry in
            (url, JSONValue.object([("status", .int(entry.status)), ("checked", .int(Int(entry.checked)))]))
        }
        return JSONValue.object([("version", .int(1)), ("links", .object(links))]).text() + "\n"
    }

    func save(path: String) throws {
        try FileSystem.write(Array(text().utf8), to: path)
    }
}
