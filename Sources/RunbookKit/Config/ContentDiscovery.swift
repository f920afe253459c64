/// Where the pages are when the configuration does not say: Hugo's `content/`, else the first
/// of the folders runbook repositories read on GitHub use. A repository that has none of them
/// gets one error naming every folder looked at and the line to add, never an empty site.
public enum ContentDiscovery {
    /// Folders tried in order after `content/`; the first holding a `.md` file wins.
    public static let folders = ["content", "runbooks", "runbook", "alerts", "docs", "playbooks"]

    public enum Outcome: Equatable, Sendable {
        /// A folder holding Markdown (relative to the source folder).
        case found(String)
        /// None of `folders` holds Markdown; `topLevelMarkdown` lists `.md` files beside the
        /// configuration (a repository of runbooks kept at its top), for the message.
        case notFound(topLevelMarkdown: [String])
    }

    public static func discover(sourceDirectory: String) -> Outcome {
        // `content/` as Hugo has it, even empty: its own emptiness is reported where it is walked.
        if FileSystem.kind(of: joinPath(sourceDirectory, "content")) == .directory { return .found("content") }
        for folder in folders.dropFirst() where holdsMarkdown(joinPath(sourceDirectory, folder)) {
            return .found(folder)
        }
        return .notFound(topLevelMarkdown: topLevelMarkdown(sourceDirectory))
    }

    /// The one check for a site without pages, an error that says what was looked for (never an
    /// empty site with exit 0): no folder named by `contentDir`, none found when it is not
    /// set, or a content folder without a Markdown page.
    /// - Parameter holdsMarkdown: whether the content folder holds a page (the loader has walked it).
    static func problem(sourceDirectory: String, config: SiteConfig, holdsMarkdown: () -> Bool) -> Diagnostic? {
        let folder = joinPath(sourceDirectory, config.contentDir)
        guard FileSystem.kind(of: folder) == .directory else {
            guard config.contentDirIsSet else {
                return Diagnostic(.contentMissing, missingMessage(topLevelMarkdown: topLevelMarkdown(sourceDirectory), configFile: config.file),
                                  at: SourceLocation(file: config.file ?? "."))
            }
            return Diagnostic(.contentMissing,
                "no content folder: looked for \(folder) (`contentDir` in config.yaml, content/ by default); create it with a Markdown page, or pass --source",
                at: SourceLocation(file: config.contentDir))
        }
        guard holdsMarkdown() else {
            return Diagnostic(.contentMissing, "the content folder \(folder) holds no Markdown page (*.md); add one",
                              at: SourceLocation(file: config.contentDir))
        }
        return nil
    }

    /// The message for a repository without content: what was looked for and how to say where it is.
    static func missingMessage(topLevelMarkdown: [String], configFile: String?) -> String {
        let looked = folders.map { "\($0)/" }.joined(separator: ", ")
        var message = "no content folder: looked for \(looked) and found no Markdown page in any of them"
        if !topLevelMarkdown.isEmpty {
            let shown = topLevelMarkdown.prefix(3).joined(separator: ", ") + (topLevelMarkdown.count > 3 ? ", …" : "")
            message += " (the top folder has \(shown): move the runbooks into a folder such as runbooks/)"
        }
        message += "; name the folder that holds the pages with `contentDir: <folder>` in \(configFile ?? "config.yaml")"
        return message
    }

    /// `.md` files beside the configuration (a repository of runbooks kept at its top).
    static func topLevelMarkdown(_ sourceDirectory: String) -> [String] {
        FileSystem.entries(of: sourceDirectory).filter { $0.kind == .file && $0.name.lowercased().hasSuffix(".md") }.map(\.name).sorted()
    }

    /// Whether a folder has a `.md` file at most a few levels down (bounded: this runs before every build).
    static func holdsMarkdown(_ folder: String, depth: Int = 0) -> Bool {
        guard depth < 4, FileSystem.kind(of: folder) == .directory else { return false }
        let entries = FileSystem.entries(of: folder).filter { !$0.name.hasPrefix(".") && !$0.isLink }
        if entries.contains(where: { $0.kind == .file && $0.name.lowercased().hasSuffix(".md") }) { return true }
        return entries.contains { $0.kind == .directory && holdsMarkdown(joinPath(folder, $0.name), depth: depth + 1) }
    }
}
