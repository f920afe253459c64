/// What shortcodes need from the rest of the site: the rules, a way to find pages for `ref`,
/// and parameters for `param`. Closures keep the parse stage from depending on later stages.
struct ShortcodeEnvironment: Sendable {
    var rules: RuleIndex
    /// Resolves a `ref`/`relref` target written in a page in the content folder `fromDirectory`: its URL
    /// path (with the base path), or nil when no page matches.
    var resolvePage: @Sendable (_ target: String, _ fromDirectory: String) -> String?
    /// `ref` prints absolute URLs: the site's origin (`https://host`) goes in front of the path.
    var origin: String
    /// Site parameters (`params` in config.yaml).
    var siteParams: DataValue
}

/// Carries out the shortcodes of one page body: `rule` becomes a placeholder for the rule's
/// HTML, `comment` blocks vanish, `ref`/`relref`/`param` print their value, escaped tags print
/// literally, anything else is an error at its line.
struct ShortcodeExpander {
    let file: String
    let contentPath: String
    let frontMatter: FrontMatter
    let environment: ShortcodeEnvironment

    static let knownNames = ["rule", "comment", "ref", "relref", "param"]

    func expand(body: Substring, firstLine: Int) -> ExpandedBody {
        let bytes = Array(body.utf8)
        let lines = TextLines(bytes: bytes)
        let pieces = ShortcodeScanner(bytes).scan()
        var builder = MarkdownSourceBuilder(firstLine: firstLine)
        var embeds: [[AlertRule]] = []
        var references: [ExpandedBody.RuleReference] = []
        var comments: [ExpandedBody.HiddenComment] = []
        var diagnostics: [Diagnostic] = []
        let marker = Self.marker(for: bytes)

        func location(_ offset: Int) -> SourceLocation {
            SourceLocation(file: file, line: lines.line(ofOffset: offset) + firstLine - 1, column: lines.column(ofOffset: offset))
        }
        func fileLine(_ offset: Int) -> Int { lines.line(ofOffset: offset) + firstLine - 1 }
        func text(_ range: Range<Int>) -> Substring { Substring(String(decoding: bytes[range], as: UTF8.self)) }

        var index = 0
        while index < pieces.count {
            let piece = pieces[index]
            index += 1
            switch piece {
            case .text(let range):
                builder.appendOriginal(text(range), startingAt: fileLine(range.lowerBound))
            case .literal(let literal, let range):
                builder.appendGenerated(literal, at: fileLine(range.lowerBound))
            case .malformed(let message, let range):
                diagnostics.append(Diagnostic(.shortcodeSyntax, message, at: location(range.lowerBound)))
                builder.appendOriginal(text(range), startingAt: fileLine(range.lowerBound))
            case .shortcode(let tag):
                let here = location(tag.range.lowerBound)
                if tag.isClosing {
                    diagnostics.append(Diagnostic(.shortcodeUnclosed,
                        "`{{\(tag.delimiter == .markdown ? "%" : "<") /\(tag.name) \(tag.delimiter == .markdown ? "%" : ">")}}` closes a `\(tag.name)` that was never opened",
                        at: here))
                    continue
                }
                switch tag.name {
                case "comment":
                    if tag.isSelfClosing { continue }
                    // Skip to the matching close, counting nested comments.
                    var depth = 1
                    var cursor = index
                    while cursor < pieces.count {
                        if case .shortcode(let inner) = pieces[cursor], inner.name == "comment", !inner.isSelfClosing {
                            depth += inner.isClosing ? -1 : 1
                            if depth == 0 { break }
                        }
                        cursor += 1
                    }
                    guard cursor < pieces.count, case .shortcode(let closing) = pieces[cursor] else {
                        diagnostics.append(Diagnostic(.shortcodeUnclosed,
                            "`comment` is never closed: add `{{% /comment %}}` where the hidden text ends", at: here))
                        index = pieces.count
                        continue
                    }
                    let innerStart = tag.range.upperBound
                    comments.append(ExpandedBody.HiddenComment(
                        text: String(text(innerStart..<closing.range.lowerBound)), line: fileLine(innerStart)))
                    index = cursor + 1
                case "rule":
                    guard let path = tag.argument("file", orPosition: 0), let alert = tag.argument("alert", orPosition: 1),
                          tag.positional.count + tag.named.count == 2 else {
                        diagnostics.append(Diagnostic(.shortcodeArguments,
                            "`rule` takes a rule file and an alert name: {{% rule \"dir/file.yml\" \"AlertName\" %}}", at: here))
                        continue
                    }
                    let found = resolveRule(path: path, alert: alert, at: here, diagnostics: &diagnostics)
                    references.append(ExpandedBody.RuleReference(path: path, alert: alert, location: here, rules: found))
                    // Embedded even when nothing was found, so the page can say what is missing;
                    // embed n is reference n.
                    builder.appendGenerated("<!--runbook-embed-\(marker)-\(embeds.count)-->", at: here.line ?? firstLine)
                    embeds.append(found)
                case "ref", "relref":
                    guard let target = tag.argument("path", orPosition: 0) else {
                        diagnostics.append(Diagnostic(.shortcodeArguments,
                            "`\(tag.name)` takes the page to link to: {{< \(tag.name) \"section/page.md\" >}}", at: here))
                        continue
                    }
                    let (pagePart, anchor) = splitAnchor(target)
                    guard let url = environment.resolvePage(pagePart, parentPath(contentPath)) else {
                        diagnostics.append(Diagnostic(.refNotFound,
                            "`\(tag.name)` names a page that does not exist: '\(pagePart)'", at: here))
                        builder.appendGenerated("#", at: here.line ?? firstLine)
                        continue
                    }
                    let prefix = tag.name == "ref" ? environment.origin : ""
                    builder.appendGenerated(prefix + url + anchor, at: here.line ?? firstLine)
                case "param":
                    guard let name = tag.argument("name", orPosition: 0) else {
                        diagnostics.append(Diagnostic(.shortcodeArguments,
                            "`param` takes a parameter name: {{< param \"name\" >}}", at: here))
                        continue
                    }
                    guard let value = paramValue(name) else {
                        diagnostics.append(Diagnostic(.paramNotFound,
                            "parameter '\(name)' is defined neither in the page's front matter nor under `params` in config.yaml", at: here))
                        continue
                    }
                    builder.appendGenerated(value, at: here.line ?? firstLine)
                default:
                    let suggestion = closestMatch(to: tag.name, in: Self.knownNames).map { " (did you mean '\($0)'?)" } ?? ""
                    diagnostics.append(Diagnostic(.shortcodeUnknown,
                        "unknown shortcode '\(tag.name)'\(suggestion); known shortcodes are \(Self.knownNames.joined(separator: ", ")), and `{{%/* \(tag.name) */%}}` prints a tag literally",
                        at: here))
                    builder.appendOriginal(text(tag.range), startingAt: fileLine(tag.range.lowerBound))
                }
            }
        }
        return ExpandedBody(markdown: builder.text, lineOrigins: builder.lineOrigins, embeds: embeds,
                            embedMarker: marker, ruleReferences: references, comments: comments, diagnostics: diagnostics)
    }

    private func resolveRule(path: String, alert: String, at location: SourceLocation, diagnostics: inout [Diagnostic]) -> [AlertRule] {
        let rulesFolder = environment.rules.folder
        switch environment.rules.lookup(path: path, alert: alert) {
        case .found(let rules):
            if rules.count > 1 {
                let lines = rules.map { "\($0.line)" }.joined(separator: ", ")
                diagnostics.append(Diagnostic(.ruleAmbiguous,
                    "alert \"\(alert)\" is defined \(rules.count) times in \(rules[0].sourcePath) (lines \(lines)); the page shows all of them",
                    at: location))
            }
            return rules
        case .pathOutside:
            diagnostics.append(Diagnostic(.rulePathOutside,
                "rule file path '\(path)' leaves the \(rulesFolder)/ folder; give a path inside it", at: location))
        case .fileNotFound(let suggestion):
            diagnostics.append(Diagnostic(.ruleFileNotFound,
                "rule file \(rulesFolder)/\(path) does not exist" + (suggestion.map { " (did you mean \"\($0)\"?)" } ?? ""),
                at: location))
        case .fileInvalid:
            break  // The file's own error is reported once, at its line.
        case .ruleNotFound(let suggestion, let definedIn):
            var message = "alert \"\(alert)\" is not defined in \(rulesFolder)/\(path)"
            if let suggestion {
                message += " (did you mean \"\(suggestion)\"?)"
            } else if let other = definedIn.first {
                message += " (it is defined in \(other))"
            }
            diagnostics.append(Diagnostic(.ruleNotFound, message, at: location))
        }
        return []
    }

    /// Page parameters first, then site parameters, as Hugo's `param` does.
    private func paramValue(_ name: String) -> String? {
        if let entry = frontMatter.entries.first(where: { $0.key.lowercased() == name.lowercased() }), let text = entry.value.text {
            return text
        }
        if let paramsEntry = frontMatter.entry("params"), let text = paramsEntry.value.value(forKey: name)?.text {
            return text
        }
        var value: DataValue? = environment.siteParams
        for part in name.split(separator: ".") { value = value?.value(forKey: String(part)) }
        return value?.text
    }

    /// A marker derived from the body, so placeholders cannot collide with text a writer typed.
    static func marker(for bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 36)
    }
}

/// `page.md#anchor` → (`page.md`, `#anchor`).
func splitAnchor(_ target: String) -> (String, String) {
    guard let hash = target.firstIndex(of: "#") else { return (target, "") }
    return (String(target[..<hash]), String(target[hash...]))
}
