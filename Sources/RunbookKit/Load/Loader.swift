/// The first stage: reads everything a build needs from the source folder — content files,
/// static files, every rule file (parsed into the `RuleIndex`) and the theme. Nothing after
/// this stage touches the disk until the writer.
public struct LoadedSite: Sendable {
    public var config: SiteConfig
    public var sourceDirectory: String
    public var sources: [SourceFile]
    public var staticFiles: [StaticFile]
    public var rules: RuleIndex
    public var theme: Theme
    public var diagnostics: [Diagnostic]
    /// The walks of the content, static and rules folders, for the next load to reuse.
    var trees: [String: [FileTree.Entry]] = [:]
}

public enum Loader {
    /// - Parameters:
    ///   - previous: the last load, whose files are reused when `changed` says they did not change.
    ///   - changed: paths relative to the source folder that changed since `previous`; nil: unknown,
    ///     read everything.
    ///   - parseRules: false reads the rule files without parsing them (each `RuleFile` has
    ///     its fingerprint and no rules), enough for the input digest; `parseRules(of:)`
    ///     parses them after, when the build is not a no-op.
    public static func load(sourceDirectory: String, config: SiteConfig,
                            previous: LoadedSite? = nil, changed: Set<String>? = nil, parseRules: Bool = true) -> LoadedSite {
        var diagnostics: [Diagnostic] = []
        let contentRoot = joinPath(sourceDirectory, config.contentDir)
        var trees: [String: [FileTree.Entry]] = [:]
        func walk(_ folder: String) -> [FileTree.Entry] {
            let walked = reusableWalk(previous?.trees[folder], folder: folder, sourceDirectory: sourceDirectory, changed: changed)
                ?? FileTree(root: joinPath(sourceDirectory, folder)).walk()
            trees[folder] = walked
            // A folder that cannot be read would drop its pages in silence.
            for entry in walked where entry.unreadable {
                let path = entry.relativePath.isEmpty ? folder : joinPath(folder, entry.relativePath)
                diagnostics.append(Diagnostic(.fileUnreadable, "cannot read the folder \(path); check its permissions",
                                              at: SourceLocation(file: path)))
            }
            return walked.filter { !$0.unreadable }
        }
        let entries = walk(config.contentDir)
        if let missing = ContentDiscovery.problem(sourceDirectory: sourceDirectory, config: config, holdsMarkdown: {
            entries.contains { !$0.leavesRoot && $0.relativePath.hasSuffixIgnoringASCIICase(".md") }
        }) {
            diagnostics.append(missing)
        }
        let markdown = entries.filter { $0.relativePath.hasSuffixIgnoringASCIICase(".md") && !$0.leavesRoot }
        let contentDir = config.contentDir
        var unchanged: [String: SourceFile] = [:]
        if let previous, let changed {
            for source in previous.sources where !touches(changed, source.path) { unchanged[source.path] = source }
        }
        let reusable = unchanged

        let maxPageSize = config.maxPageSize
        let reads: [(source: SourceFile?, problems: [Diagnostic])] = parallelMap(markdown.count) { index in
            let relative = markdown[index].relativePath
            let path = joinPath(contentDir, relative)
            if let source = reusable[path] { return (source, []) }
            let read = SourceText.read(joinPath(contentRoot, relative), as: .markdown, file: path,
                                       limit: maxPageSize, limitKey: "runbook.maxPageSize")
            return (read.text.map { SourceFile(path: path, contentPath: relative, text: $0) }, read.diagnostics)
        }
        var sources: [SourceFile] = []
        for read in reads {
            if let source = read.source { sources.append(source) }
            diagnostics += read.problems
        }

        // Files other than pages are published as they are, content files beside their pages.
        var staticFiles = entries.filter { !$0.relativePath.hasSuffixIgnoringASCIICase(".md") && !$0.leavesRoot }.map {
            StaticFile(absolutePath: joinPath(contentRoot, $0.relativePath), outputPath: $0.relativePath)
        }
        let staticRoot = joinPath(sourceDirectory, config.staticDir)
        staticFiles += walk(config.staticDir).filter { !$0.leavesRoot }.map {
            StaticFile(absolutePath: joinPath(staticRoot, $0.relativePath), outputPath: $0.relativePath)
        }

        let rules: RuleIndex
        let rulesDir = config.rulesDir
        let ruleEntries = walk(rulesDir)
        if let previous, let changed, previous.trees[rulesDir] != nil,
           !changed.contains(where: { $0.isEmpty || $0 == "." || $0.hasPrefix(rulesDir + "/") }), !touches(changed, rulesDir) {
            rules = previous.rules  // nothing in or above the rules folder changed: the same index, not a rebuilt one
        } else {
            var reusableRules: [String: RuleFile] = [:]
            if let previous, let changed {
                for file in previous.rules.files.values where !touches(changed, file.sourcePath) { reusableRules[file.path] = file }
            }
            rules = loadRules(folder: joinPath(sourceDirectory, rulesDir), name: rulesDir, reusing: reusableRules,
                              entries: ruleEntries, maxSize: config.maxRuleFileSize, parse: parseRules)
        }
        if parseRules { diagnostics += rules.sortedFiles.flatMap(\.problems) }

        let templatesFolder = joinPath(sourceDirectory, config.templatesDir)
        let theme: Theme
        if let previous, let changed, !changed.contains(where: { $0 == config.templatesDir || $0.hasPrefix(config.templatesDir + "/") }) {
            theme = previous.theme
        } else {
            theme = Theme.load(templatesFolder: FileSystem.kind(of: templatesFolder) == .directory ? templatesFolder : nil)
        }
        return LoadedSite(config: config, sourceDirectory: sourceDirectory, sources: sources, staticFiles: staticFiles,
                          rules: rules, theme: theme, diagnostics: diagnostics, trees: trees)
    }

    /// The last walk of a folder, when no changed path adds, removes or replaces anything in
    /// it: every changed path inside is a file it already listed and still a file. A rebuild
    /// after one edit then reads one file instead of walking the tree.
    static func reusableWalk(_ previous: [FileTree.Entry]?, folder: String, sourceDirectory: String,
                             changed: Set<String>?) -> [FileTree.Entry]? {
        guard let previous, let changed else { return nil }
        let prefix = folder + "/"
        var known: Set<String>?
        for path in changed where path == folder || path.hasPrefix(prefix) {
            if known == nil { known = Set(previous.map(\.relativePath)) }
            let relative = String(path.dropFirst(prefix.count))
            guard path != folder, known?.contains(relative) == true,
                  FileSystem.kind(of: joinPath(sourceDirectory, path)) == .file else { return nil }
        }
        return previous
    }

    /// Whether a file is among the changed paths, or inside a changed folder (the watcher
    /// reports a folder moved in or out as one path).
    static func touches(_ changed: Set<String>, _ path: String) -> Bool {
        if changed.contains(path) { return true }
        // Over bytes (paths are the file system's bytes); asked of every file on every rebuild.
        let bytes = path.utf8
        for entry in changed where bytes.count > entry.utf8.count && bytes.starts(with: entry.utf8) {
            if bytes[bytes.index(bytes.startIndex, offsetBy: entry.utf8.count)] == UInt8(ascii: "/") { return true }
        }
        return false
    }

    /// Parses the rule files of a load made with `parseRules: false`, from the same walk.
    public static func parseRules(of loaded: inout LoadedSite) {
        let config = loaded.config
        loaded.rules = loadRules(folder: joinPath(loaded.sourceDirectory, config.rulesDir), name: config.rulesDir,
                                 entries: loaded.trees[config.rulesDir]?.filter { !$0.unreadable }, maxSize: config.maxRuleFileSize)
        loaded.diagnostics += loaded.rules.sortedFiles.flatMap(\.problems)
    }

    /// Every `*.yml`/`*.yaml` below the rules folder, parsed on all cores (`parse` false: read
    /// and fingerprinted only).
    static func loadRules(folder: String, name: String, reusing reusable: [String: RuleFile] = [:],
                          entries walked: [FileTree.Entry]? = nil, maxSize: Int = SiteConfig().maxRuleFileSize,
                          parse: Bool = true) -> RuleIndex {
        let entries = (walked ?? FileTree(root: folder).files()).filter {
            $0.relativePath.hasSuffixIgnoringASCIICase(".yml") || $0.relativePath.hasSuffixIgnoringASCIICase(".yaml")
        }
        let outside = Set(entries.filter(\.leavesRoot).map(\.relativePath))
        let readable = entries.filter { !$0.leavesRoot }
        let files: [RuleFile] = parallelMap(readable.count) { index in
            let relative = readable[index].relativePath
            if let file = reusable[relative] { return file }
            let sourcePath = joinPath(name, relative)
            let read = SourceText.read(joinPath(folder, relative), as: .yaml, file: sourcePath,
                                       limit: maxSize, limitKey: "runbook.maxRuleFileSize")
            guard let text = read.text else {
                return RuleFile(path: relative, sourcePath: sourcePath, rules: [], problems: read.diagnostics)
            }
            guard parse else {
                return RuleFile(path: relative, sourcePath: sourcePath, rules: [], problems: read.diagnostics,
                                fingerprint: RuleFileParser.fingerprint(of: text))
            }
            let parsed = RuleFileParser.parse(text: text, file: relative, sourcePath: sourcePath)
            // Every expression is shown or checked by a full build: parsed here, on all cores.
            for rule in parsed.rules { _ = rule.parsedExpr }
            guard !read.diagnostics.isEmpty else { return parsed }
            return RuleFile(path: parsed.path, sourcePath: sourcePath, rules: parsed.rules,
                            problems: read.diagnostics + parsed.problems, fingerprint: parsed.fingerprint)
        }
        return RuleIndex(files: files, filesOutside: outside, folder: name)
    }
}
