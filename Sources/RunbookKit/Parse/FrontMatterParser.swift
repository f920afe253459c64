import Yams

/// Decodes a page's front matter block into `FrontMatter`, reporting invalid YAML (or TOML) at
/// its line in the page and values of the wrong type at theirs.
enum FrontMatterParser {
    static func parse(_ block: FrontMatterBlock, file: String) -> (FrontMatter, [Diagnostic]) {
        guard let text = block.text, let format = block.format else { return (FrontMatter(), []) }
        let lineOffset = block.firstLine - 1
        var diagnostics: [Diagnostic] = []
        var entries: [FrontMatter.Entry] = []

        switch format {
        case .yaml:
            if let simple = SimpleYAML.parse(text) {
                entries = simple.map { FrontMatter.Entry(key: $0.key, value: $0.value, line: $0.line + lineOffset, column: $0.column) }
                break
            }
            do {
                let root = try composeYAML(String(text))
                switch root {
                case nil: break
                case .mapping(let mapping)?:
                    for (key, value) in mapping {
                        entries.append(FrontMatter.Entry(
                            key: key.string ?? "\(key)", value: DataValue(yaml: value),
                            line: (key.mark?.line ?? 1) + lineOffset, column: key.mark?.column ?? 1))
                    }
                case let node? where isNullNode(node):
                    break
                case let node?:
                    diagnostics.append(Diagnostic(.frontMatterInvalid, "front matter must be a mapping of keys to values",
                                                  at: SourceLocation(file: file, line: (node.mark?.line ?? 1) + lineOffset, column: node.mark?.column)))
                }
            } catch {
                diagnostics.append(error.diagnostic(.frontMatterInvalid, what: "front matter", file: file,
                                                    lineOffset: lineOffset, defaultLine: block.firstLine))
            }
        case .toml:
            do {
                entries = try TOMLReader.entries(text).map {
                    FrontMatter.Entry(key: $0.key, value: $0.value, line: $0.line + lineOffset, column: 1)
                }
            } catch {
                diagnostics.append(Diagnostic(.frontMatterInvalid, "front matter is not valid TOML: \(error.message)",
                                              at: SourceLocation(file: file, line: error.line + lineOffset, column: error.column)))
            }
        }
        var reader = TypedReader(file: file)
        let frontMatter = reader.read(entries)
        return (frontMatter, diagnostics + reader.diagnostics)
    }
}

/// Reads the known keys with the types Hugo expects, noting values of the wrong type
/// (`front-matter-type`) and accepting what can be understood anyway.
private struct TypedReader {
    let file: String
    var diagnostics: [Diagnostic] = []

    mutating func read(_ entries: [FrontMatter.Entry]) -> FrontMatter {
        var result = FrontMatter()
        result.entries = entries
        for entry in entries {
            switch entry.key {
            case "title": result.title = text(entry)
            case "description": result.description = text(entry)
            case "editor": result.editor = text(entry)
            case "slug": result.slug = text(entry)
            case "url": result.url = text(entry)
            case "type": result.type = text(entry)
            case "published": result.published = bool(entry)
            case "draft": result.draft = bool(entry) ?? false
            case "bookCollapseSection": result.bookCollapseSection = bool(entry) ?? false
            case "bookFlatSection": result.bookFlatSection = bool(entry) ?? false
            case "bookHidden": result.bookHidden = bool(entry) ?? false
            case "bookToc": result.bookToc = bool(entry)
            case "date": result.date = timestamp(entry)
            case "lastmod": result.lastmod = timestamp(entry)
            case "dateCreated": result.dateCreated = timestamp(entry)
            case "weight": result.weight = int(entry)
            case "tags": result.tags = list(entry)
            case "aliases": result.aliases = list(entry)
            default: break
            }
        }
        return result
    }

    private mutating func wrongType(_ entry: FrontMatter.Entry, _ expected: String) {
        diagnostics.append(Diagnostic(.frontMatterType,
            "`\(entry.key)` should be \(expected), not a \(entry.value.typeName)",
            at: SourceLocation(file: file, line: entry.line, column: entry.column)))
    }

    private mutating func text(_ entry: FrontMatter.Entry) -> String? {
        if case .null = entry.value { return nil }
        guard let text = entry.value.text else {
            wrongType(entry, "text")
            return nil
        }
        return text
    }

    private mutating func bool(_ entry: FrontMatter.Entry) -> Bool? {
        switch entry.value {
        case .bool(let value): return value
        case .null: return nil
        case .string(let text) where ["true", "false"].contains(text.lowercased()):
            wrongType(entry, "true or false without quotes")
            return text.lowercased() == "true"
        default:
            wrongType(entry, "true or false")
            return nil
        }
    }

    private mutating func int(_ entry: FrontMatter.Entry) -> Int? {
        switch entry.value {
        case .int(let value): return value
        case .null: return nil
        case .double(let value) where value == value.rounded():
            return Int(value)
        case .string(let text) where Int(text) != nil:
            wrongType(entry, "a number without quotes")
            return Int(text)
        default:
            wrongType(entry, "a whole number")
            return nil
        }
    }

    private mutating func timestamp(_ entry: FrontMatter.Entry) -> Timestamp? {
        switch entry.value {
        case .null: return nil
        case .timestamp(let text), .string(let text):
            if let value = Timestamp.parse(text) { return value }
            diagnostics.append(Diagnostic(.frontMatterType,
                "`\(entry.key)` is not a date: '\(text)' (write e.g. 2024-01-31 or 2024-01-31T12:00:00Z)",
                at: SourceLocation(file: file, line: entry.line, column: entry.column)))
            return nil
        default:
            wrongType(entry, "a date")
            return nil
        }
    }

    private mutating func list(_ entry: FrontMatter.Entry) -> [String] {
        switch entry.value {
        case .null: return []
        case .list(let items):
            var result: [String] = []
            for item in items {
                if let text = item.text { result.append(text) } else { wrongType(entry, "a list of texts") }
            }
            return result
        case let scalar where scalar.text != nil:
            wrongType(entry, "a list (`\(entry.key): [\(scalar.text ?? "")]`)")
            return [scalar.text ?? ""]
        default:
            wrongType(entry, "a list")
            return []
        }
    }
}
