import Yams

/// Reads a site's configuration: the first of `fileNames` in its source folder, else Hugo's
/// `config/_default/` folder (its `hugo.*`/`config.*` file plus one file per top-level key,
/// such as `params.toml`). YAML or TOML. A missing file gives the defaults; keys Hugo has but
/// we do not use are ignored.
public enum ConfigLoader {
    /// Every configuration file name we read, in Hugo's order of preference: the one list the
    /// loader, the watcher and the messages use.
    public static let fileNames = ["hugo.toml", "hugo.yaml", "hugo.yml", "config.toml", "config.yaml", "config.yml"]
    /// Hugo's configuration folder for the default environment.
    public static let folder = "config/_default"

    /// The configuration and any problems with it; callers stop (exit 2) on an error.
    public static func load(sourceDirectory: String) -> (SiteConfig, [Diagnostic]) {
        var (config, diagnostics) = loadFile(sourceDirectory: sourceDirectory)
        if !config.contentDirIsSet {
            switch ContentDiscovery.discover(sourceDirectory: sourceDirectory) {
            case .found(let folder):
                config.contentDir = folder
            case .notFound:
                // Reported here too, so commands stop before building (exit 2).
                if let problem = ContentDiscovery.problem(sourceDirectory: sourceDirectory, config: config, holdsMarkdown: { false }) {
                    diagnostics.append(problem)
                }
            }
        }
        return (config, diagnostics)
    }

    private static func loadFile(sourceDirectory: String) -> (SiteConfig, [Diagnostic]) {
        if let name = fileNames.first(where: { FileSystem.kind(of: joinPath(sourceDirectory, $0)) == .file }) {
            switch read(joinPath(sourceDirectory, name), file: name) {
            case .success(let text): return parse(text, file: name)
            case .failure(let problem): return (SiteConfig(), [problem])
            }
        }
        let folderPath = joinPath(sourceDirectory, folder)
        guard FileSystem.kind(of: folderPath) == .directory else { return (SiteConfig(), []) }
        return loadFolder(folderPath)
    }

    /// `config/_default/`: the main file, then every other `*.toml`/`*.yaml` as the value of
    /// the key its name gives (`params.toml` → `params`), as Hugo merges them.
    private static func loadFolder(_ folderPath: String) -> (SiteConfig, [Diagnostic]) {
        let names = FileSystem.entries(of: folderPath).filter { $0.kind == .file }.map(\.name).sorted()
        let main = fileNames.first { names.contains($0) }
        var pairs: [(Node, Node)] = []
        var diagnostics: [Diagnostic] = []
        var mainFile = main.map { joinPath(folder, $0) }
        func document(_ name: String) -> Node? {
            let file = joinPath(folder, name)
            switch read(joinPath(folderPath, name), file: file) {
            case .failure(let problem):
                diagnostics.append(problem)
                return nil
            case .success(let text):
                switch compose(text, file: file) {
                case .success(let node): return node
                case .failure(let problem):
                    diagnostics.append(problem)
                    return nil
                }
            }
        }
        if let main, case .mapping(let mapping)? = document(main) { pairs += mapping.map { ($0.key, $0.value) } }
        for name in names where name != main && !fileNames.contains(name) {
            let base: String
            if name.hasSuffix(".toml") { base = String(name.dropLast(5)) }
            else if name.hasSuffix(".yaml") { base = String(name.dropLast(5)) }
            else if name.hasSuffix(".yml") { base = String(name.dropLast(4)) }
            else { continue }
            guard let node = document(name) else { continue }
            pairs.append((.scalar(.init(base)), node))
            if mainFile == nil { mainFile = joinPath(folder, name) }
        }
        var (config, problems) = read(.mapping(.init(pairs)), file: mainFile ?? folder)
        config.file = mainFile ?? folder
        return (config, diagnostics + problems)
    }

    /// A configuration file's text, within the fixed size cap, as valid UTF-8.
    private static func read(_ path: String, file: String) -> Result<String, Diagnostic> {
        let read = SourceText.read(path, as: .yaml, file: file, limit: SiteConfig.maxConfigSize, limitKey: "")
        if let text = read.text { return .success(text) }
        return .failure(read.diagnostics.first ?? Diagnostic(.configInvalid, "cannot read the configuration", at: SourceLocation(file: file)))
    }

    /// The text as a node tree, YAML or (by the file's name) TOML.
    private static func compose(_ text: String, file: String) -> Result<Node?, Diagnostic> {
        if file.hasSuffix(".toml") {
            do {
                let entries = try TOMLReader.entries(text)
                return .success(TOMLReader.node(.map(entries.map { ($0.key, $0.value) })))
            } catch {
                return .failure(Diagnostic(.configInvalid, "config is not valid TOML: \(error.message)",
                                           at: SourceLocation(file: file, line: error.line, column: error.column)))
            }
        }
        do {
            return .success(try composeYAML(text))
        } catch {
            return .failure(error.diagnostic(.configInvalid, what: "config", file: file))
        }
    }

    /// Parses configuration text; `file` names it in diagnostics.
    public static func parse(_ text: String, file: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        config.file = file
        switch compose(text, file: file) {
        case .failure(let problem): return (config, [problem])
        case .success(nil): return (config, [])
        case .success(let root?):
            var (parsed, problems) = read(root, file: file)
            parsed.file = file
            return (parsed, problems)
        }
    }

    /// The configuration from its node tree (YAML, or TOML turned into nodes).
    private static func read(_ root: Node, file: String) -> (SiteConfig, [Diagnostic]) {
        var config = SiteConfig()
        var reader = ConfigReader(file: file)
        guard case .mapping(let mapping) = root else {
            reader.invalid(root, "the configuration must be a mapping of keys to values")
            return (config, reader.diagnostics)
        }
        for (keyNode, value) in mapping {
            guard let key = keyNode.string else { continue }
            switch key {
            case "title": config.title = reader.string(value) ?? config.title
            case "baseURL", "baseurl": config.baseURL = reader.string(value) ?? config.baseURL
            case "languageCode": config.languageCode = reader.string(value) ?? config.languageCode
            case "contentDir":
                config.contentDir = reader.folder(value) ?? config.contentDir
                config.contentDirIsSet = true
            case "publishDir": config.publishDir = reader.folder(value) ?? config.publishDir
            case "staticDir": config.staticDir = reader.folder(value) ?? config.staticDir
            case "relativeURLs", "relativeurls":
                if let flag = value.bool { config.relativeURLs = flag } else { reader.invalid(value, "`relativeURLs` must be true or false") }
            case "params":
                config.params = DataValue(yaml: value)
                if case .mapping(let params) = value {
                    for (paramKey, paramValue) in params {
                        switch paramKey.string?.lowercased() {
                        case "bookrepo": config.bookRepo = reader.string(paramValue)
                        case "bookeditpath": config.bookEditPath = reader.string(paramValue)
                        case "booksection": config.bookSection = reader.string(paramValue)
                        default: break
                        }
                    }
                } else if isNullNode(value) {
                    config.params = .map([])
                } else {
                    reader.invalid(value, "`params` must be a mapping")
                }
            case "runbook":
                readOwnSection(value, into: &config, reader: &reader)
            case "markup":
                // Only `markup.goldmark.renderer.unsafe` matters to us.
                if let unsafe = value.value(forKey: "goldmark")?.value(forKey: "renderer")?.value(forKey: "unsafe") {
                    if let flag = unsafe.bool { config.rawHTML = flag } else { reader.invalid(unsafe, "`unsafe` must be true or false") }
                }
            default:
                break  // Hugo's other keys (theme, markup, …) do not affect us.
            }
        }
        return (config, reader.diagnostics)
    }

    private static func readOwnSection(_ node: Node, into config: inout SiteConfig, reader: inout ConfigReader) {
        guard case .mapping(let section) = node else {
            if isNullNode(node) { return }
            reader.invalid(node, "`runbook` must be a mapping of our settings")
            return
        }
        for (keyNode, value) in section {
            guard let key = keyNode.string else { continue }
            switch key {
            case "contentDir":
                config.contentDir = reader.folder(value) ?? config.contentDir
                config.contentDirIsSet = true
            case "rulesDir": config.rulesDir = reader.folder(value) ?? config.rulesDir
            case "templatesDir": config.templatesDir = reader.folder(value) ?? config.templatesDir
            case "staticDir": config.staticDir = reader.folder(value) ?? config.staticDir
            case "publishDir": config.publishDir = reader.folder(value) ?? config.publishDir
            case "alertsPage": config.alertsPage = reader.string(value) ?? config.alertsPage
            case "mermaidScript": config.scripts.mermaid = reader.string(value)
            case "katexScript": config.scripts.katex = reader.string(value)
            case "katexStylesheet": config.scripts.katexStylesheet = reader.string(value)
            case "severity": config.severity = reader.severities(value)
            case "requiredSections": config.lint.requiredSections = reader.strings(value) ?? config.lint.requiredSections
            case "runbookURLPrefixes": config.lint.runbookURLPrefixes = reader.strings(value) ?? []
            case "placeholderHosts": config.lint.placeholderHosts = reader.strings(value) ?? config.lint.placeholderHosts
            case "frontMatter": config.lint.frontMatter = reader.schema(value)
            case "externalLinks": config.lint.externalLinks = reader.externalLinks(value)
            case "prometheusURL": config.ruleTools.prometheusURL = reader.webAddress(value)
            case "grafanaURL": config.ruleTools.grafanaURL = reader.webAddress(value)
            case "grafanaDatasource": config.ruleTools.grafanaDatasource = reader.string(value)
            case "alertmanagerURL": config.ruleTools.alertmanagerURL = reader.webAddress(value)
            case "maxPageSize": config.maxPageSize = reader.byteSize(value) ?? config.maxPageSize
            case "maxRuleFileSize": config.maxRuleFileSize = reader.byteSize(value) ?? config.maxRuleFileSize
            default: reader.unknown(keyNode, key, known: ownKeys)
            }
        }
    }

    static let ownKeys = ["contentDir", "rulesDir", "templatesDir", "staticDir", "publishDir", "alertsPage", "mermaidScript", "katexScript", "katexStylesheet", "severity",
                          "requiredSections", "runbookURLPrefixes", "placeholderHosts", "frontMatter", "externalLinks",
                          "prometheusURL", "grafanaURL", "grafanaDatasource", "alertmanagerURL",
                          "maxPageSize", "maxRuleFileSize"]
}

/// Typed reads of configuration nodes that record a positioned diagnostic instead of failing.
struct ConfigReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    func location(_ node: Node) -> SourceLocation {
        SourceLocation(file: file, line: node.mark?.line, column: node.mark?.column)
    }

    mutating func invalid(_ node: Node, _ message: String) {
        diagnostics.append(Diagnostic(.configInvalid, message, at: location(node)))
    }

    /// An `http(s)://` address without its trailing slash; anything else (a `javascript:` link
    /// in a pull request's config) is refused with a diagnostic.
    mutating func webAddress(_ node: Node) -> String? {
        guard let text = string(node), !text.isEmpty else { return nil }
        let lowered = text.lowercased()
        guard lowered.hasPrefix("https://") || lowered.hasPrefix("http://"), !text.contains(where: \.isWhitespace) else {
            invalid(node, "'\(text)' is not a web address: give an http:// or https:// URL")
            return nil
        }
        var address = text
        while address.hasSuffix("/") { address.removeLast() }
        return address
    }

    mutating func unknown(_ node: Node, _ key: String, known: [String]) {
        let suggestion = closestMatch(to: key, in: known).map { " (did you mean '\($0)'?)" } ?? ""
        diagnostics.append(Diagnostic(.configUnknownKey, "unknown key '\(key)' in the runbook section\(suggestion)", at: location(node)))
    }

    mutating func string(_ node: Node) -> String? {
        guard case .scalar(let scalar) = node else {
            invalid(node, "expected a text value")
            return nil
        }
        return scalar.string
    }

    /// A folder name: relative, inside the source folder.
    mutating func folder(_ node: Node) -> String? {
        guard let text = string(node) else { return nil }
        let trimmed = text.trimmingSlashes()
        if trimmed.isEmpty || text.hasPrefix("/") || pathSegments(trimmed).contains("..") {
            invalid(node, "folder '\(text)' must be a relative path inside the site's folder")
            return nil
        }
        return trimmed
    }

    mutating func strings(_ node: Node) -> [String]? {
        guard case .sequence(let sequence) = node else {
            invalid(node, "expected a list")
            return nil
        }
        return sequence.compactMap { string($0) }
    }

    mutating func int(_ node: Node) -> Int? {
        guard let value = node.int else {
            invalid(node, "expected a whole number")
            return nil
        }
        return value
    }

    /// A size in bytes: `1048576`, or with a unit, `512KB`, `8MB`, `8MiB` (KB and MB are 1024-based here).
    mutating func byteSize(_ node: Node) -> Int? {
        if let value = node.int, value > 0 { return value }
        let text = (node.string ?? "").filter { $0 != " " }.uppercased()
        let units: [(String, Int)] = [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1 << 10), ("MB", 1 << 20),
                                      ("GB", 1 << 30), ("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("B", 1)]
        for (unit, factor) in units where text.hasSuffix(unit) {
            if let number = Int(text.dropLast(unit.count)), number > 0, number <= Int.max / factor { return number * factor }
        }
        invalid(node, "expected a size in bytes, e.g. 8388608 or 8MB")
        return nil
    }

    mutating func double(_ node: Node) -> Double? {
        guard let value = node.float ?? node.int.map(Double.init) else {
            invalid(node, "expected a number")
            return nil
        }
        return value
    }

    mutating func severities(_ node: Node) -> SeverityPolicy {
        guard case .mapping(let mapping) = node else {
            invalid(node, "`severity` must map diagnostic codes to error, warning, info or ignore")
            return SeverityPolicy()
        }
        var overrides: [String: SeveritySetting] = [:]
        for (codeNode, levelNode) in mapping {
            guard let code = codeNode.string, let level = string(levelNode) else { continue }
            switch SeverityPolicy.parseAssignment("\(code)=\(level)") {
            case .success(let (name, setting)): overrides[name] = setting
            case .failure(let error): invalid(codeNode, error.description)
            }
        }
        return SeverityPolicy(overrides: overrides)
    }

    mutating func schema(_ node: Node) -> FrontMatterSchema {
        var schema = FrontMatterSchema()
        guard case .mapping(let mapping) = node else {
            invalid(node, "`frontMatter` must be a mapping with `required` and `keys`")
            return schema
        }
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "required": schema.required = strings(value) ?? []
            case "reportUnknownKeys": schema.reportUnknownKeys = value.bool ?? true
            case "keys":
                guard case .mapping(let keys) = value else {
                    invalid(value, "`frontMatter.keys` must map key names to rules")
                    continue
                }
                for (nameNode, ruleNode) in keys {
                    guard let name = nameNode.string else { continue }
                    schema.keys.append((name, keyRule(ruleNode)))
                }
            default:
                unknown(keyNode, keyNode.string ?? "", known: ["required", "keys", "reportUnknownKeys"])
            }
        }
        return schema
    }

    mutating func keyRule(_ node: Node) -> FrontMatterSchema.KeyRule {
        var rule = FrontMatterSchema.KeyRule()
        if isNullNode(node) { return rule }
        guard case .mapping(let mapping) = node else {
            invalid(node, "a key's rule is a mapping with `type`, `allowed` and/or `pattern`")
            return rule
        }
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "type":
                // An unknown type is reported and the key's type left unchecked.
                if let name = string(value) {
                    rule.type = FrontMatterSchema.ValueType(rawValue: name)
                    if rule.type == nil {
                        let names = FrontMatterSchema.ValueType.allCases.map(\.rawValue)
                        invalid(value, "unknown type '\(name)'; use one of \(names.joined(separator: ", "))")
                    }
                }
            case "allowed": rule.allowed = strings(value)
            case "pattern":
                rule.pattern = string(value)
                if let pattern = rule.pattern, (try? Regex(pattern)) == nil {
                    invalid(value, "'\(pattern)' is not a valid regular expression")
                    rule.pattern = nil
                }
            default: unknown(keyNode, keyNode.string ?? "", known: ["type", "allowed", "pattern"])
            }
        }
        return rule
    }

    mutating func externalLinks(_ node: Node) -> ExternalLinkSettings {
        var settings = ExternalLinkSettings()
        guard case .mapping(let mapping) = node else {
            invalid(node, "`externalLinks` must be a mapping")
            return settings
        }
        for (keyNode, value) in mapping {
            switch keyNode.string {
            case "concurrency": settings.concurrency = max(1, int(value) ?? settings.concurrency)
            case "timeout": settings.timeoutSeconds = double(value) ?? settings.timeoutSeconds
            case "retries": settings.retries = max(0, int(value) ?? settings.retries)
            case "perHostRate": settings.perHostRate = double(value) ?? settings.perHostRate
            case "cacheMaxAge": settings.cacheMaxAge = double(value) ?? settings.cacheMaxAge
            case "cacheFile": settings.cacheFile = string(value) ?? settings.cacheFile
            case "exclude": settings.exclude = strings(value) ?? []
            default:
                unknown(keyNode, keyNode.string ?? "", known: ["concurrency", "timeout", "retries", "perHostRate", "cacheMaxAge", "cacheFile", "exclude"])
            }
        }
        return settings
    }
}
