import Foundation

/// `runbook new`: writes the page for an alert from its rule, in the layout the corpus uses —
/// front matter, `# Alert`, the rule in a `<details>` block, and the required sections with
/// prompts filled from the rule (its summary, its PromQL to paste into Prometheus).
public enum RunbookScaffold {
    public struct Plan: Sendable, Equatable {
        /// Path of the new page, relative to the source folder.
        public let path: String
        public let text: String
        /// The page's URL once built.
        public let url: String
        /// Set when the alert's runbook annotation does not lead to the new page: what to put there.
        public let annotationHint: String?
    }

    public enum Problem: Error, CustomStringConvertible, Equatable {
        case ruleFileNotFound(String, suggestion: String?)
        case alertNotFound(String, file: String, suggestion: String?)

        public var description: String {
            switch self {
            case let .ruleFileNotFound(path, suggestion):
                "rule file \(path) does not exist" + (suggestion.map { " (did you mean \($0)?)" } ?? "")
            case let .alertNotFound(alert, file, suggestion):
                "alert \"\(alert)\" is not defined in \(file)" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? "")
            }
        }
    }

    /// Which rule files `runbook new` scaffolds.
    public enum Selection: Sendable, Equatable {
        /// One file (relative to the source folder or to the rules folder).
        case file(String)
        /// Every rule file below a folder (relative to the source folder or to the rules folder).
        case folder(String)
        /// Every rule file of the site.
        case all
    }

    /// Plans pages for the named alerts of a rule file, or — with no names — for each alert of
    /// the file that no page shows yet.
    public static func plan(ruleFile rawPath: String, alerts names: [String], result: BuildResult) throws(Problem) -> [Plan] {
        try plan(.file(rawPath), alerts: names, result: result)
    }

    /// Plans pages for every alert without a page in the selected rule files (or for the
    /// named alerts of one file), from one loaded site: a thousand alerts take one load, not
    /// a thousand.
    public static func plan(_ selection: Selection, alerts names: [String], result: BuildResult) throws(Problem) -> [Plan] {
        let shown = Set(result.contents.compactMap { $0 }.flatMap(\.rules).map(\.id))
        return try plan(selection, alerts: names, site: result.site, shown: shown)
    }

    /// What `runbook new` needs from a site, without rendering it: the site's pages and
    /// sections, and the alerts its pages show. Loads and reads every page once
    /// and carries out their shortcodes; no Markdown, no templates.
    public static func survey(config: SiteConfig, sourceDirectory: String) -> (site: Site, shown: Set<AlertID>) {
        let loaded = Loader.load(sourceDirectory: sourceDirectory, config: config)
        let readmes = PageReader.indexReadmes(loaded.sources.map(\.contentPath))
        let pages = parallelMap(loaded.sources.count) { index in
            PageReader.read(loaded.sources[index], readmeIsIndex: readmes.contains(loaded.sources[index].contentPath)).0
        }
        let (site, _) = SiteBuilder.build(pages: pages, config: config, rules: loaded.rules)
        let environment = BuildPipeline.shortcodeEnvironment(site)
        let references: [[AlertID]] = parallelMap(site.pages.count) { index in
            let page = site.pages[index]
            guard let file = page.sourcePath else { return [] }
            let expanded = ShortcodeExpander(file: file, contentPath: page.contentPath, frontMatter: page.frontMatter,
                                             environment: environment).expand(body: page.body, firstLine: page.bodyFirstLine)
            // A reference's rules all have its file and name, so one id stands for them (a name
            // defined 50,000 times, named by 2,000 shortcodes, made a hundred million ids).
            return expanded.ruleReferences.compactMap { $0.rules.first?.id }
        }
        return (site, Set(references.joined()))
    }

    /// Plans from a `survey`.
    public static func plan(_ selection: Selection, alerts names: [String], site: Site, shown: Set<AlertID>) throws(Problem) -> [Plan] {
        let rules = site.rules
        let files: [RuleFile]
        switch selection {
        case .file(let rawPath):
            let path = rulesRelative(rawPath, folder: rules.folder)
            guard let file = rules.files[path] else {
                throw .ruleFileNotFound(rawPath, suggestion: closestMatch(to: path, in: rules.files.keys).map { rules.folder + "/" + $0 })
            }
            files = [file]
        case .folder(let rawPath):
            let folder = rulesRelative(rawPath, folder: rules.folder).trimmingSlashes()
            files = rules.sortedFiles.filter { folder.isEmpty || folder == "." || $0.path.hasPrefix(folder + "/") }
            if files.isEmpty { throw .ruleFileNotFound(rawPath, suggestion: nil) }
        case .all:
            files = rules.sortedFiles
        }
        var chosen: [AlertRule] = []
        if names.isEmpty {
            let resolver = RunbookURLResolver(site: site)
            for file in files {
                var seen = Set<String>()
                chosen += file.rules.filter { alert in
                    alert.kind == .alert && seen.insert(alert.name).inserted
                        && !shown.contains(alert.id)
                        && alert.runbookAnnotation.flatMap({ resolver.page(for: $0.value) }) == nil
                }
            }
        } else {
            let file = files[0]
            let alerts = file.rules.filter { $0.kind == .alert }
            var seen = Set<String>()
            for name in names where seen.insert(name).inserted {
                guard let alert = alerts.first(where: { $0.name == name }) else {
                    throw .alertNotFound(name, file: file.sourcePath, suggestion: closestMatch(to: name, in: alerts.map(\.name)))
                }
                chosen.append(alert)
            }
        }
        let planner = Planner(site: site)
        // Unique among this run's plans; a page already at a planned path is refused when
        // written (or replaced with --force), as for one alert.
        var taken = Set<String>()
        var takenURLs = Set<String>()
        return chosen.map { planner.plan(for: $0, taken: &taken, takenURLs: &takenURLs) }
    }

    /// A path given on the command line, relative to the rules folder.
    private static func rulesRelative(_ rawPath: String, folder: String) -> String {
        var path = rawPath
        while path.hasPrefix("./") { path.removeFirst(2) }
        if path == folder { return "" }
        if path.hasPrefix(folder + "/") { path.removeFirst(folder.count + 1) }
        return path
    }

    /// Each alert's plan as `runbook new` would make it for that alert alone, from one planner
    /// (the site's "no runbook yet" pages, `AlertPermalinks`).
    static func plans(for alerts: [AlertRule], site: Site) -> [Plan] {
        let planner = Planner(site: site)
        return alerts.map { alert in
            var taken = Set<String>()
            var takenURLs = Set<String>()
            return planner.plan(for: alert, taken: &taken, takenURLs: &takenURLs)
        }
    }

    static func plan(for alert: AlertRule, site: Site) -> Plan {
        var taken = Set<String>()
        var takenURLs = Set<String>()
        return Planner(site: site).plan(for: alert, taken: &taken, takenURLs: &takenURLs)
    }

    /// What every plan of one run shares, made once.
    struct Planner {
        let site: Site
        let resolver: RunbookURLResolver
        /// Rule file names (without extension) that more than one rule file has.
        let repeatedNames: Set<String>
        let sectionByURL: [String: String]

        init(site: Site) {
            self.site = site
            resolver = RunbookURLResolver(site: site)
            var counts: [String: Int] = [:]
            for path in site.rules.files.keys { counts[RunbookScaffold.baseName(ofRuleFile: path), default: 0] += 1 }
            repeatedNames = Set(counts.filter { $0.value > 1 }.map(\.key))
            var sections: [String: String] = [:]
            for key in site.sections.keys.sorted() { sections[PageReader.directoryURL(key)] = sections[PageReader.directoryURL(key)] ?? key }
            sectionByURL = sections
        }

        /// - Parameters:
        ///   - taken: source paths (lower-cased) of earlier plans.
        ///   - takenURLs: URLs of earlier plans.
        func plan(for alert: AlertRule, taken: inout Set<String>, takenURLs: inout Set<String>) -> Plan {
            let config = site.config
            // Where the alert's annotation already points, if that names a folder; else beside the
            // other pages of its rule file: <BookSection>/<rule file name>/.
            var folder: String
            if let annotation = alert.runbookAnnotation, case .url(let sitePath)? = resolver.sitePath(for: annotation.value),
               sitePath.split(separator: "/").count >= 2 {
                let parts = sitePath.split(separator: "/").dropLast()
                folder = parts.map(String.init).joined(separator: "/")
                if let section = sectionByURL["/" + folder + "/"] { folder = section }
            } else {
                let section = config.bookSection.flatMap { $0 == "*" ? nil : $0.trimmingSlashes() } ?? "runbooks"
                folder = section.isEmpty ? sectionName(alert.file) : section + "/" + sectionName(alert.file)
            }
            // A file name and URL segment safe for any alert name, unique in the folder.
            let stem = RunbookScaffold.fileStem(alert.name)
            var name = stem
            var number = 1
            while true {
                let candidate = joinPath(config.contentDir, folder + "/" + name + ".md").lowercased()
                let url = PageReader.directoryURL(folder) + HugoPath.urlSegment(name) + "/"
                if !taken.contains(candidate), !takenURLs.contains(url) {
                    taken.insert(candidate)
                    takenURLs.insert(url)
                    break
                }
                number += 1
                name = "\(stem)-\(number)"
            }
            let contentPath = folder + "/" + name + ".md"
            let url = PageReader.directoryURL(folder) + HugoPath.urlSegment(name) + "/"
            var hint: String?
            let target = config.baseURL.contains("://") ? site.permalink(url) : site.publicURL(url)
            if alert.runbookAnnotation.flatMap({ resolver.page(for: $0.value) }) == nil,
               resolver.sitePath(for: alert.runbookAnnotation?.value ?? "") != .url(url) {
                hint = "add `runbook_url: \(target)` to the annotations of \(alert.name) (\(alert.sourcePath):\(alert.line))"
            }
            return Plan(path: joinPath(config.contentDir, contentPath), text: RunbookScaffold.text(for: alert, config: config),
                        url: url, annotationHint: hint)
        }

        /// The section folder for a rule file's pages: its file name without extension, as the
        /// corpus has it (`haproxy.yml` → `haproxy`); the path below the rules folder joined by
        /// `-` when another rule file has the same name (`node/alerts.yml` → `node-alerts`).
        func sectionName(_ ruleFile: String) -> String {
            let base = RunbookScaffold.baseName(ofRuleFile: ruleFile)
            guard repeatedNames.contains(base) else { return RunbookScaffold.fileStem(base) }
            let path = ruleFile.hasSuffix(".yaml") ? String(ruleFile.dropLast(5)) : ruleFile.hasSuffix(".yml") ? String(ruleFile.dropLast(4)) : ruleFile
            return RunbookScaffold.fileStem(path.split(separator: "/").joined(separator: "-"))
        }
    }

    /// `haproxy` for `x/haproxy.yml`.
    static func baseName(ofRuleFile path: String) -> String {
        let base = path.split(separator: "/").last.map(String.init) ?? path
        return base.hasSuffix(".yaml") ? String(base.dropLast(5)) : base.hasSuffix(".yml") ? String(base.dropLast(4)) : base
    }

    /// A file name (without `.md`) for any alert name: letters, digits and `( ) - _ + @ .` as
    /// written (`MysqlTooManyConnections(>80%)` → `MysqlTooManyConnections(80)`), spaces and
    /// runs of anything else as one `-`, never a path separator, a leading `.` or `-`, nor empty.
    static func fileStem(_ name: String) -> String {
        var result = ""
        var pendingHyphen = false
        for character in name {
            let keep = character.isLetter || character.isNumber || "()-_+@.".contains(character)
            if keep, character.isASCII || character.isLetter || character.isNumber {
                if pendingHyphen, !result.isEmpty { result.append("-") }
                pendingHyphen = false
                result.append(character)
            } else if character == " " || character == "/" || character == "\\" || character == ":" {
                pendingHyphen = true
            }
        }
        while let first = result.first, first == "." || first == "-" { result.removeFirst() }
        if result.count > 120 { result = String(result.prefix(120)) }
        return result.isEmpty || HugoPath.urlSegment(result).isEmpty ? "alert" : result
    }

    static func text(for alert: AlertRule, config: SiteConfig) -> String {
        let summary = alert.annotations.first { $0.key == "summary" }?.value
        let description = alert.annotations.first { $0.key == "description" }?.value
            .split(separator: "\n").first.map(String.init)
        var lines = [
            "---",
            "title: \(yamlScalar(alert.name))",
            "description: \(yamlScalar("What to do when \(alert.name) fires"))",
            "tags:",
            "  - \(yamlScalar(alert.severity ?? "alert"))",
            "editor: markdown",
            "---",
            "",
            "# \(alert.name)",
            "",
            description ?? summary ?? "What this alert means, in one sentence.",
            "",
            "<details>",
            "  <summary>Alert Rule</summary>",
            "",
            "{{% rule \(shortcodeString(alert.file)) \(shortcodeString(alert.name)) %}}",
            "",
            "</details>",
            "",
        ]
        for section in config.lint.requiredSections {
            lines.append("## \(section)")
            lines.append("")
            switch section.lowercased() {
            case "meaning":
                lines.append("What \(alert.name) tells the on-call engineer\(summary.map { ": \($0)" } ?? ""). Explain the condition in plain words and why it matters.")
            case "impact":
                lines.append("Who or what is affected while this alert fires, and how badly (severity: \(alert.severity ?? "unset")).")
            case "diagnosis":
                lines.append("Steps to confirm the problem and find its cause. Start with the alert's query:")
                if let expr = alert.expr {
                    lines.append("")
                    lines.append("```promql")
                    lines.append(expr.trimmingCharacters(in: .whitespacesAndNewlines))
                    lines.append("```")
                }
            case "mitigation":
                lines.append("Steps to stop the impact, then to fix the cause. Say when to escalate, and to whom.")
            default:
                lines.append("TODO")
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// A shortcode argument for any text: Hugo's raw string (backquotes) when it has a `"`.
    static func shortcodeString(_ text: String) -> String {
        text.contains("\"") && !text.contains("`") ? "`\(text)`" : "\"\(text)\""
    }

    /// Quotes a YAML scalar when plain style would change its meaning.
    static func yamlScalar(_ text: String) -> String {
        let special = ":#[]{}&*!|>'\"%@`,"
        let needsQuotes = text.isEmpty || text.first == " " || text.last == " " || text.contains(where: { special.contains($0) })
            || PlainScalar.resolve(text) != .string(text)
        guard needsQuotes else { return text }
        return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
