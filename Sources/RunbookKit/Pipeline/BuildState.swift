#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// What a `runbook build` keeps for the next build of the same destination, beside its record
/// (`BuildManifest`): each page's input digest and what other files show of its body, its
/// body's diagnostics, the rule files as parsed, and the search index's postings. With it, a
/// build after an edit of a few pages' text redoes those pages and the search index only
/// (`BuildPipeline+Patch.swift`).
///
/// It belongs to one record: `inputs` is the record's digest, so a state left by another build
/// is never used. It is read as hostile bytes (the cache folder is in the source folder, which
/// a pull request controls): anything malformed reads as nil and the build starts from scratch.
struct BuildState: Sendable {
    /// One content source, in `LoadedSite.sources` order.
    struct Source: Equatable, Sendable {
        /// `ContentDigest` of its text.
        var text: UInt64
        /// Everything of its page but the body: front matter text, title, kind, URL (`shape(of:)`).
        var shape: UInt64
        /// What a section's list shows of the page's body: its summary and first rule's severity.
        var shown: UInt64
        /// Which rules the page shows (the alert files link them to it).
        var rules: UInt64
        /// Its `rule` shortcodes that found their rule.
        var resolved: Int
        /// Its body's diagnostics (shortcodes and Markdown), before the severity policy.
        var diagnostics: [Diagnostic]

        /// A source and what its page's body shows (nil page and body: a draft left out, which
        /// shows what no body shows, so an edit of it can be patched too).
        init(text: UInt64, shape: UInt64, page: Page?, content: RenderedPage?) {
            self.text = text
            self.shape = shape
            shown = BuildState.shown(content, of: page)
            rules = BuildState.rules(content)
            resolved = content?.resolvedRuleCount ?? 0
            diagnostics = content?.diagnostics ?? []
        }

        init(text: UInt64, shape: UInt64, shown: UInt64, rules: UInt64, resolved: Int, diagnostics: [Diagnostic]) {
            self.text = text
            self.shape = shape
            self.shown = shown
            self.rules = rules
            self.resolved = resolved
            self.diagnostics = diagnostics
        }
    }

    /// The build record's `inputs`: the build this state was left by.
    var inputs: UInt64
    /// `InputDigest.rest` of that build.
    var rest: UInt64
    var sources: [Source]
    /// `RuleFile.save` of every rule file, as parsed. Slices of the file read, kept uncopied
    /// (the two are most of its 3 MB).
    var rules: ArraySlice<UInt8>
    /// `SearchIndex.State.save`, for the visible pages in site order.
    var search: ArraySlice<UInt8>
    /// `rules` read back (`read` does it, off the build's path); nil when malformed.
    var ruleFiles: [RuleFile]?

    static let header = Array("runbook-state 1\n".utf8)

    /// Sites with more pages keep no state: its search postings would be held through the
    /// whole build and written at its end (hundreds of megabytes at 100,000 pages), and such a
    /// site's one-page build would still read every page. They build everything.
    static let maxPages = 20_000

    // MARK: What a page contributes

    /// Everything a page is apart from its body: the front matter's text (the bytes before the
    /// body), and what the reader made of the page. Equal shapes mean the site's structure,
    /// menus, tags and URLs cannot have changed.
    static func shape(of page: Page) -> UInt64 {
        var hash = StableHash()
        hash.combine(page.body.base.utf8[..<page.body.startIndex])
        hash.combine([0xFF])
        hash.combine(page.kind.rawValue)
        hash.combine(page.contentPath)
        hash.combine(page.title)
        hash.combine(page.url)
        hash.combine(page.outputPath)
        hash.combine(page.parentSection ?? "\u{0}")
        hash.combine(page.isEmpty ? "empty" : "")
        hash.combine(UInt64(page.bodyFirstLine))
        return hash.value
    }

    /// What a section's list of children shows of a page's body (`PageContext.childEntry`):
    /// its summary, unless the front matter's description stands in its place, and the
    /// severity of its first rule.
    static func shown(_ content: RenderedPage?, of page: Page?) -> UInt64 {
        var hash = StableHash()
        let described = !(page?.frontMatter.description ?? "").isEmpty
        hash.combine(described ? "\u{1}" : content?.markdown.summary ?? "\u{0}")
        hash.combine(content?.rules.first?.severity ?? "\u{0}")
        return hash.value
    }

    /// Which rules a page shows, as the alert files name them.
    static func rules(_ content: RenderedPage?) -> UInt64 {
        var hash = StableHash()
        for rule in content?.rules ?? [] {
            hash.combine(rule.file)
            hash.combine(rule.name)
            hash.combine(UInt64(rule.line))
        }
        return hash.value
    }


    // MARK: On disk

    /// Beside the destination's record: `builds/<hash>.state`.
    static func path(cache: String, destination: String) -> String {
        let record = BuildManifest.recordPath(cache: cache, destination: destination)
        return String(record.dropLast(".manifest".count)) + ".state"
    }

    /// The state file's bytes in one array (what `parse` reads back).
    func serialized() -> [UInt8] {
        let parts = serializedParts()
        var bytes: [UInt8] = []
        bytes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes += part }
        return bytes
    }

    /// `serialized()` as the parts the file is written from: the header, the inputs and the
    /// sources, then the rules and the search index as they were saved. Joining them was a copy
    /// of the whole state (3 MB at 1x, 25 MB at 10x), on one core at the end of a cold build.
    func serializedParts() -> [ArraySlice<UInt8>] {
        var writer = ByteWriter()
        writer.reserve(sources.count * 64 + 64)
        writer.u64(inputs)
        writer.u64(rest)
        writer.int(sources.count)
        for source in sources {
            writer.u64(source.text)
            writer.u64(source.shape)
            writer.u64(source.shown)
            writer.u64(source.rules)
            writer.int(source.resolved)
            Diagnostic.save(source.diagnostics, into: &writer)
        }
        writer.int(rules.count)
        writer.int(search.count)
        return [Self.header[...], writer.bytes[...], rules, search]
    }

    static func parse(_ bytes: [UInt8]) -> BuildState? {
        guard bytes.starts(with: header) else { return nil }
        var reader = ByteReader(bytes[header.count...])
        guard let inputs = reader.u64(), let rest = reader.u64(),
              let count = reader.int(atMost: reader.remaining / 48) else { return nil }
        var sources: [Source] = []
        sources.reserveCapacity(count)
        for _ in 0..<count {
            guard let text = reader.u64(), let shape = reader.u64(), let shown = reader.u64(), let rules = reader.u64(),
                  let resolved = reader.int(), let diagnostics = Diagnostic.restoredList(from: &reader) else { return nil }
            sources.append(Source(text: text, shape: shape, shown: shown, rules: rules, resolved: resolved, diagnostics: diagnostics))
        }
        guard let rulesCount = reader.int(), let searchCount = reader.int(), rulesCount + searchCount == reader.remaining
        else { return nil }
        let rules = bytes[(bytes.count - searchCount - rulesCount)..<(bytes.count - searchCount)]
        return BuildState(inputs: inputs, rest: rest, sources: sources, rules: rules, search: bytes.suffix(searchCount))
    }

    /// The state with its rule files read back: both done on another core while the sources load.
    static func read(cache: String, destination: String) -> BuildState? {
        guard let bytes = FileSystem.readCacheFile(path(cache: cache, destination: destination)), var state = parse(bytes)
        else { return nil }
        var reader = ByteReader(state.rules)
        if let files = RuleFile.restored(from: &reader), reader.isAtEnd { state.ruleFiles = files }
        return state
    }

    /// `serializedParts()`, written one after the other to a temporary name, then renamed over
    /// the old state.
    static func save(_ parts: [ArraySlice<UInt8>], cache: String, destination: String) throws {
        guard parts.contains(where: { !$0.isEmpty }) else {
            throw FileSystem.Failure(path: path(cache: cache, destination: destination), operation: "save", code: EINVAL)
        }
        let path = Self.path(cache: cache, destination: destination)
        try FileSystem.createDirectory(parentPath(path))
        let temporary = path + ".tmp"
        FileSystem.removeTree(temporary)
        try FileSystem.writeNew(parts: parts, to: temporary)
        try FileSystem.rename(temporary, to: path)
    }

    /// A state that no longer belongs to the record (its build failed to save one): gone, so a
    /// later record with equal inputs never meets it.
    static func remove(cache: String, destination: String) {
        FileSystem.removeTree(path(cache: cache, destination: destination))
    }
}
