#if canImport(Glibc)
import Glibc
#endif

/// One number for everything a build reads: the tool itself, the options that change its
/// output, config.yaml, every page, rule file, template and static file. Equal digests mean
/// the build would produce the same files and diagnostics.
///
/// Made of parts: each page's text apart, and everything else (`rest`, which names the pages
/// but not their text). The next build compares the parts to tell an edit of a few pages'
/// text from any other change (`BuildPipeline+Patch.swift`).
struct InputDigest: Equatable {
    /// Everything but the pages' texts: the tool, options, config, page paths, rules, theme, static files.
    let rest: UInt64
    /// Each source's text, in `loaded.sources` order.
    let sources: [UInt64]

    /// The one number the build record keeps.
    var value: UInt64 {
        var hash = StableHash()
        hash.combine(rest)
        for source in sources { hash.combine(source) }
        return hash.value
    }

    static func compute(loaded: LoadedSite, options: BuildOptions, toolVersion: String) -> InputDigest {
        // Each page's text on all cores: the digest is most of a no-op build.
        let sources = loaded.sources
        let digests = parallelMap(sources.count) { ContentDigest.of(sources[$0].text) }
        var hash = StableHash()
        hash.combine(toolVersion)
        // A rebuilt binary may render differently even at the same version.
        if let stamp = BuildManifest.stamp(of: "/proc/self/exe") {
            hash.combine(UInt64(stamp.size))
            hash.combine(UInt64(bitPattern: Int64(stamp.modified)))
        }
        hash.combine(options.baseURL ?? "")
        hash.combine(options.includeDrafts ? "drafts" : "")
        hash.combine(options.reportLintChecks ? "lint" : "")
        hash.combine(options.renderTemplates ? "render" : "")
        for (code, setting) in options.severity.overrides.sorted(by: { $0.key < $1.key }) {
            hash.combine(code)
            hash.combine(setting.rawValue)
        }
        if let file = loaded.config.file, let bytes = try? FileSystem.readBytes(joinPath(loaded.sourceDirectory, file)) {
            hash.combine(file)
            hash.combine(bytes)
        }
        for source in loaded.sources { hash.combine(source.path) }
        for file in loaded.rules.sortedFiles {
            hash.combine(file.sourcePath)
            hash.combine(UInt64(bitPattern: Int64(file.fingerprint)))
        }
        for path in loaded.rules.filesOutside.sorted() { hash.combine(path) }
        for (path, bytes) in loaded.theme.files.sorted(by: { $0.key < $1.key }) {
            hash.combine(path)
            hash.combine(bytes)
        }
        for file in loaded.staticFiles {
            hash.combine(file.outputPath)
            if let stamp = BuildManifest.stamp(of: file.absolutePath) {
                hash.combine(UInt64(stamp.size))
                hash.combine(UInt64(bitPattern: Int64(stamp.modified)))
            }
        }
        return InputDigest(rest: hash.value, sources: digests)
    }
}
