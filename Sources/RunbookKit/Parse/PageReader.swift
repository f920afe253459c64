/// Reads one content file into a `Page`: splits and decodes its front matter, and decides its
/// URL the way Hugo does (pretty URLs, `slug`, `url`, sections from `_index.md`), and the way
/// GitHub shows a plain Markdown repository (title from the first `# heading`, a folder's
/// `README.md` as its index).
enum PageReader {
    /// - Parameter readmeIsIndex: the file is a `README.md` in a folder without `_index.md`
    ///   (see `isReadme`), so it stands for the folder as `_index.md` would.
    static func read(_ source: SourceFile, readmeIsIndex: Bool = false) -> (Page, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let block: FrontMatterBlock
        do {
            block = try FrontMatterBlock.split(source.text)
        } catch {
            diagnostics.append(Diagnostic(.frontMatterInvalid,
                "front matter opened on line 1 is never closed: add a `---` line after it",
                at: SourceLocation(file: source.path, line: 1, column: 1)))
            block = FrontMatterBlock(text: nil, format: nil, firstLine: 1, body: Substring(source.text), bodyFirstLine: 1)
        }
        let (frontMatter, problems) = FrontMatterParser.parse(block, file: source.path)
        diagnostics += problems

        let fileName = lastComponent(source.contentPath).map(String.init) ?? source.contentPath
        let baseName = fileName.hasSuffix(".md") ? String(fileName.dropLast(3)) : fileName
        let directory = parentPath(source.contentPath)
        let kind: Page.Kind
        if baseName == "_index" || readmeIsIndex {
            kind = directory.isEmpty ? .home : .section
        } else {
            kind = .page
        }
        let heading = frontMatter.title == nil ? FirstHeading.title(in: block.body) : nil
        // Not when the front matter failed to parse: that error says it all.
        if frontMatter.title == nil, heading == nil, kind == .page, problems.isEmpty,
           frontMatter.entries.isEmpty == false || !block.body.isEmpty {
            diagnostics.append(Diagnostic(.titleMissing,
                "page has neither a `title` in its front matter nor a `# heading`; its file name '\(baseName)' is used",
                at: SourceLocation(file: source.path, line: 1, column: 1)))
        }
        let title = frontMatter.title ?? heading ?? (kind == .page ? baseName : sectionTitle(forFolder: directory))
        let url = pageURL(kind: kind, directory: directory, baseName: baseName, frontMatter: frontMatter)
        let page = Page(kind: kind, sourcePath: source.path, contentPath: source.contentPath, frontMatter: frontMatter,
                        title: title, url: url, body: block.body, bodyFirstLine: block.bodyFirstLine,
                        parentSection: nil)
        return (page, diagnostics)
    }

    /// `README.md` (any case), the file GitHub shows for a folder.
    static func isReadme(_ contentPath: String) -> Bool {
        // Asked of every page on every rebuild: compare bytes, not a lowercased copy.
        guard let name = lastComponent(contentPath), name.utf8.count == 9 else { return false }
        return name.hasSuffixIgnoringASCIICase("readme.md")
    }

    /// The `README.md` files that stand for their folder: those in folders without `_index.md`.
    static func indexReadmes(_ contentPaths: [String]) -> Set<String> {
        let readmes = contentPaths.filter(isReadme)
        guard !readmes.isEmpty else { return [] }
        let sectionFolders = Set(contentPaths.filter { lastComponent($0) == "_index.md" }.map(parentPath))
        var chosen: [String: String] = [:]
        for path in readmes.sorted() where !sectionFolders.contains(parentPath(path)) {
            // `README.md` before `readme.md` (sorted), so one file per folder.
            if chosen[parentPath(path)] == nil { chosen[parentPath(path)] = path }
        }
        return Set(chosen.values)
    }

    /// `path.split(separator: "/").last`: over bytes for an ASCII path (where `/` is always a
    /// Character of its own), which is nearly every path; the Character split otherwise.
    /// Asked of every page on every rebuild: scanned on the string's buffer, not index by index.
    static func lastComponent(_ path: String) -> Substring? {
        asciiComponent(of: path, last: true) ?? path.split(separator: "/").last
    }

    /// `path.split(separator: "/").first`, over bytes for an ASCII path as `lastComponent`.
    static func firstComponent(_ path: String) -> Substring? {
        asciiComponent(of: path, last: false) ?? path.split(separator: "/").first
    }

    /// The first or last non-empty segment of an ASCII path; nil when the path is not ASCII
    /// (or has no contiguous buffer), or has no segment: the caller's split answers then.
    private static func asciiComponent(of path: String, last: Bool) -> Substring? {
        let bounds = path.utf8.withContiguousStorageIfAvailable { bytes -> Range<Int>? in
            guard WordScan.isASCII(bytes) else { return nil }
            let slash = UInt8(ascii: "/")
            if last {
                guard let end = bytes.lastIndex(where: { $0 != slash }).map({ $0 + 1 }) else { return nil }
                return (bytes[..<end].lastIndex(of: slash).map { $0 + 1 } ?? 0)..<end
            }
            guard let start = bytes.firstIndex(where: { $0 != slash }) else { return nil }
            return start..<(bytes[start...].firstIndex(of: slash) ?? bytes.count)
        }
        guard let found = bounds, let range = found else { return nil }
        let utf8 = path.utf8
        return path[utf8.index(utf8.startIndex, offsetBy: range.lowerBound)..<utf8.index(utf8.startIndex, offsetBy: range.upperBound)]
    }

    /// `/runbooks/x/y/` for `runbooks/x/Y.md`; a leaf bundle `x/index.md` is `/x/`.
    static func pageURL(kind: Page.Kind, directory: String, baseName: String, frontMatter: FrontMatter) -> String {
        if let url = frontMatter.url, !url.isEmpty {
            var result = url.hasPrefix("/") ? url : "/" + url
            let last = result.split(separator: "/").last ?? ""
            if !result.hasSuffix("/") && !last.contains(".") { result += "/" }
            return result
        }
        let folder = directoryURL(directory)
        if kind != .page || baseName == "index" { return folder }
        let name = frontMatter.slug.map { HugoPath.urlSegment($0) } ?? HugoPath.urlSegment(baseName)
        return folder + name + "/"
    }

    /// `/runbooks/x/` for the content folder `runbooks/x`.
    static func directoryURL(_ directory: String) -> String {
        guard !directory.isEmpty else { return "/" }
        // A folder path of plain names, none empty: each segment is its own URL segment.
        if !directory.hasPrefix("/"), !directory.hasSuffix("/"), !directory.containsASCII("//"),
           let plain = HugoPath.plainLowercased(directory) {
            return "/" + plain + "/"
        }
        return "/" + directory.split(separator: "/").map { HugoPath.urlSegment(String($0)) }.joined(separator: "/") + "/"
    }

    /// Hugo titles a section without `_index.md` after its folder, first letter capitalised.
    static func sectionTitle(forFolder directory: String) -> String {
        let name = directory.split(separator: "/").last.map(String.init) ?? directory
        return name.prefix(1).uppercased() + name.dropFirst()
    }
}
