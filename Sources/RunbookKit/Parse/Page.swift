/// A page of the site: a content file with its front matter read and its URL decided, or a
/// section Hugo makes for a folder without `_index.md`.
///
/// A class: pages are shared by every stage and every thread, and a value this size would be
/// copied (and every field retained) at each `site.pages[i]`.
public final class Page: Sendable {
    public enum Kind: String, Sendable { case home, section, page }

    public let kind: Kind
    /// Path relative to the source folder (`content/runbooks/x/Y.md`); nil for a section made
    /// for a folder without `_index.md`.
    public let sourcePath: String?
    /// Path relative to the content folder (`runbooks/x/Y.md`); for a folder without
    /// `_index.md`, the folder (`runbooks`).
    public let contentPath: String
    public let frontMatter: FrontMatter
    public let title: String
    /// URL path without the base path: `/runbooks/x/y/`.
    public let url: String
    /// Markdown after the front matter.
    public let body: Substring
    /// File line of the body's first line.
    public let bodyFirstLine: Int
    /// Content folder of the section this page belongs to (`runbooks/x`); nil for the home page.
    public let parentSection: String?
    /// Folder the page lives in, relative to the content folder: for sections, the section's own folder.
    public let directory: String
    /// The folder that names a section (its `contentPath` without `/_index.md`); nil for a page.
    public let sectionKey: String?
    /// Where the page is written under the destination (worked out once: every stage asks).
    public let outputPath: String

    init(kind: Kind, sourcePath: String?, contentPath: String, frontMatter: FrontMatter, title: String, url: String,
         body: Substring, bodyFirstLine: Int, parentSection: String?, outputPath: String? = nil, isEmpty: Bool? = nil) {
        self.kind = kind
        self.sourcePath = sourcePath
        self.contentPath = contentPath
        self.frontMatter = frontMatter
        self.title = title
        self.url = url
        self.body = body
        self.bodyFirstLine = bodyFirstLine
        self.parentSection = parentSection
        switch kind {
        case .home: directory = ""
        case .section: directory = sourcePath == nil ? contentPath : parentPath(contentPath)
        case .page: directory = parentPath(contentPath)
        }
        sectionKey = kind == .page ? nil : directory
        self.outputPath = outputPath ?? Self.outputPath(forURL: url)
        self.isEmpty = isEmpty ?? body.allSatisfy { $0.isWhitespace }
    }

    /// The same page placed in a section.
    func inSection(_ section: String?) -> Page {
        Page(kind: kind, sourcePath: sourcePath, contentPath: contentPath, frontMatter: frontMatter, title: title, url: url,
             body: body, bodyFirstLine: bodyFirstLine, parentSection: section, outputPath: outputPath, isEmpty: isEmpty)
    }

    /// The same page without its text, once its body is rendered (`build`): the page no longer
    /// keeps its file's text alive, which at 110,000 pages is half a gigabyte.
    func withoutBody() -> Page {
        Page(kind: kind, sourcePath: sourcePath, contentPath: contentPath, frontMatter: frontMatter, title: title, url: url,
             body: "", bodyFirstLine: bodyFirstLine, parentSection: parentSection, outputPath: outputPath, isEmpty: isEmpty)
    }

    /// The same page at another URL (the gate replaced a `url` or `slug` it refused).
    func withURL(_ newURL: String) -> Page {
        Page(kind: kind, sourcePath: sourcePath, contentPath: contentPath, frontMatter: frontMatter, title: title, url: newURL,
             body: body, bodyFirstLine: bodyFirstLine, parentSection: parentSection)
    }

    /// Each of the page's `aliases` with the URL its redirect page goes to, or why the output
    /// gate refused it: absolute as written, relative ones beside the page (in its parent
    /// folder), folders ending in `/`.
    public var resolvedAliases: [(alias: String, url: Result<String, OutputPath.Refusal>)] {
        frontMatter.aliases.map { alias in
            var url: String
            if alias.hasPrefix("/") || alias.hasPrefix("\\") {
                url = alias
            } else {
                let folder = parentPath(self.url.trimmingSlashes())
                url = folder.isEmpty ? "/" + alias : "/" + folder + "/" + alias
            }
            if !url.hasSuffix("/") && !(url.split(separator: "/").last ?? "").contains(".") { url += "/" }
            return (alias, OutputPath.normalisedURL(url))
        }
    }

    /// URLs of the page's `aliases` the output gate accepts, where redirect pages go.
    public var aliasURLs: [String] {
        resolvedAliases.compactMap { try? $0.url.get() }
    }

    /// Whether the body is only white space (worked out once: a build lets bodies go, `withoutBody`).
    public let isEmpty: Bool

    /// The file for a URL, through the output gate. URLs from user data were checked when the
    /// site was built; one that still fails gives an empty path, which the writer refuses.
    static func outputPath(forURL url: String) -> String {
        (try? OutputPath.file(forURL: url).get()) ?? ""
    }
}
