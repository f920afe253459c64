/// A section's children for the menu, loaded by the theme's script when a closed section whose
/// list the page does not hold is opened (`NavigationRenderer`): `<section>/menu.json`, an array
/// of `[title, url, kind]` with kind 0 for a page, 1 for a section without children, 2 for a
/// section with children (which loads its own file in turn). Hidden pages are left out. URLs
/// are site paths, or with `relativeURLs` paths from the site's root (`a/b/index.html`).
enum MenuJSON {
    /// The file beside the section's `index.html`; nil when the section's URL is not a folder
    /// (a front matter `url` such as `/x.html`), which then has no such file.
    static func path(for page: Page) -> String? {
        guard page.kind != .page, page.url.hasSuffix("/") else { return nil }
        let path = Page.outputPath(forURL: page.url + "menu.json")
        return path.isEmpty ? nil : path
    }

    /// The sections that get a file, with its path: those with visible children, the home
    /// page's excepted (always open).
    static func sections(site: Site) -> [(key: String, path: String)] {
        site.sections.keys.sorted().compactMap { key in
            guard !key.isEmpty, let section = site.sections[key], !(site.visibleChildren[key] ?? []).isEmpty,
                  let path = path(for: site.pages[section.page]) else { return nil }
            return (key, path)
        }
    }

    /// One section's file.
    static func file(section key: String, path: String, site: Site) -> OutputFile {
        let visible = site.visibleChildren
        let children = visible[key] ?? []
        var json = "["
        for (position, child) in children.enumerated() {
            let page = site.pages[child]
            var kind = 0
            if let childKey = page.sectionKey, site.sections[childKey] != nil {
                kind = (visible[childKey] ?? []).isEmpty || Self.path(for: page) == nil ? 1 : 2
            }
            if position > 0 { json += "," }
            // With relativeURLs, from the site's root (the script resolves it there).
            let url = site.publicURL(page.url)
            let shown = site.config.relativeURLs ? RelativeURLs.fromRoot(url, basePath: site.config.basePath) ?? url : url
            json += "[" + jsonString(page.title) + "," + jsonString(shown) + ",\(kind)]"
        }
        return OutputFile(path: path, text: json + "]\n")
    }
}
