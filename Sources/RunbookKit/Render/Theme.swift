import Mustache

/// The templates and assets a site renders with: the default theme compiled into the binary,
/// with any file of the site's own `templates/` folder taking the place of the default one.
public struct Theme: Sendable {
    /// Files by path relative to the templates folder (`page.mustache`, `assets/runbook.css`).
    public let files: [String: [UInt8]]
    /// Which files came from the site (the rest are the defaults).
    public let overridden: Set<String>

    /// The default theme, overridden file by file from `templatesFolder` when it exists.
    public static func load(templatesFolder: String?) -> Theme {
        var files = DefaultTheme.files.mapValues { Array($0.utf8) }
        var overridden = Set<String>()
        if let folder = templatesFolder {
            for entry in FileTree(root: folder).files() where !entry.leavesRoot {
                if let bytes = try? FileSystem.readBytes(joinPath(folder, entry.relativePath)) {
                    files[entry.relativePath] = bytes
                    overridden.insert(entry.relativePath)
                }
            }
        }
        return Theme(files: files, overridden: overridden)
    }

    /// Static files published under `assets/` and the like: everything that is not a template.
    public var assets: [(path: String, bytes: [UInt8])] {
        files.filter { !$0.key.hasSuffix(".mustache") }.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// A short content hash of an asset, for cache-busting query strings.
    public func fingerprint(_ path: String) -> String {
        String(String(StableHash.of(files[path] ?? []), radix: 36).prefix(8))
    }
}

/// A default template compiled to Swift by `scripts/embed-theme` (`DefaultTheme+Compiled.swift`).
struct CompiledTemplate: Sendable {
    let render: @Sendable (inout TemplateRenderer) -> Void
    /// The templates it includes, itself among them: overriding any of them disables it.
    let templates: [String]
}

/// The theme's templates, ready once per build: the compiled default templates where the site
/// overrides none of what they include, swift-mustache for the rest (and for every template
/// of the site, which is also how its parse errors are found).
struct TemplateSet: Sendable {
    let library: MustacheLibrary
    /// The compiled default templates in use, by name.
    let compiled: [String: CompiledTemplate]

    /// Mustache's own HTML escaping walks Characters through a dictionary and was 8% of a
    /// build; every template starts in this content type instead, which escapes the same five
    /// characters over bytes. Registered once, before any template is compiled.
    static let contentTypeName: String = {
        MustacheContentTypes.register(FastHTMLContentType(), named: "RUNBOOK_HTML")
        return "RUNBOOK_HTML"
    }()

    /// - Parameter useCompiled: false renders every template with swift-mustache (the tests
    ///   compare the two).
    static func compile(_ theme: Theme, templatesFolder: String, useCompiled: Bool = true) -> (TemplateSet, [Diagnostic]) {
        let pragma = "{{% CONTENT_TYPE: \(contentTypeName)}}"
        var library = MustacheLibrary()
        var diagnostics: [Diagnostic] = []
        // The default theme as it ships is all compiled: swift-mustache would never be asked
        // for a template, and parsing the seventeen cost more than a page edit's rendering.
        let allCompiled = useCompiled && theme.overridden.isEmpty && theme.files.keys.allSatisfy { path in
            !path.hasSuffix(".mustache") || DefaultTheme.compiled[String(path.dropLast(".mustache".count))] != nil
        }
        for (path, bytes) in theme.files.sorted(by: { $0.key < $1.key }) where path.hasSuffix(".mustache") && !allCompiled {
            let name = String(path.dropLast(".mustache".count))
            let text = pragma + String(decoding: bytes, as: UTF8.self)
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                let file = theme.overridden.contains(path) ? joinPath(templatesFolder, path) : "(default theme) \(path)"
                diagnostics.append(Diagnostic(.templateInvalid, "template does not parse: \(error.error)",
                    at: SourceLocation(file: file, line: error.context.lineNumber,
                                       column: error.context.columnNumber - (error.context.lineNumber == 1 ? pragma.count : 0))))
            } catch {
                diagnostics.append(Diagnostic(.templateInvalid, "template does not parse: \(error)",
                                              at: SourceLocation(file: joinPath(templatesFolder, path))))
            }
        }
        let compiled = useCompiled ? DefaultTheme.compiled.filter { _, template in
            !template.templates.contains { theme.overridden.contains($0 + ".mustache") }
        } : [:]
        return (TemplateSet(library: library, compiled: compiled), diagnostics)
    }

    func has(_ name: String) -> Bool { compiled[name] != nil || library.getTemplate(named: name) != nil }

    func render(_ name: String, _ context: any TemplateObject, capacity: Int = 0) -> String? {
        renderBytes(name, context, capacity: capacity).map { String(decoding: $0, as: UTF8.self) }
    }

    /// `render`, as the UTF-8 bytes a file is written from: the compiled templates make bytes.
    func renderBytes(_ name: String, _ context: any TemplateObject, capacity: Int = 0) -> [UInt8]? {
        if let template = compiled[name] {
            var renderer = TemplateRenderer(context, capacity: capacity)
            template.render(&renderer)
            return renderer.out
        }
        return library.render(context, withTemplate: name).map { Array($0.utf8) }
    }
}

/// HTML escaping for template variables: `& < > " '`, as Mustache's own, over bytes.
struct FastHTMLContentType: MustacheContentType {
    func escapeText(_ text: String) -> String { escapeHTML(text) }
}

