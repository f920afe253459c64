/// A content file as read from disk, before anything is parsed.
public struct SourceFile: Sendable, Hashable {
    /// Path relative to the site's source folder (`content/runbooks/x/Y.md`): what diagnostics show.
    public let path: String
    /// Path relative to the content folder (`runbooks/x/Y.md`): what URLs and `ref` use.
    public let contentPath: String
    public let text: String

    public init(path: String, contentPath: String, text: String) {
        self.path = path
        self.contentPath = contentPath
        self.text = text
    }
}

/// A file published as it is: a non-Markdown file under content/, or anything under static/.
public struct StaticFile: Sendable, Hashable {
    /// Absolute path to read from.
    public let absolutePath: String
    /// Path relative to the destination.
    public let outputPath: String
}
