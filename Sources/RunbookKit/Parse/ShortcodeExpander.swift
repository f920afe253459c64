/// What shortcodes need from the rest of the site: the rules, a way to find pages for `ref`,
/// parameters for `param`, and the scripts for diagrams. Closures keep the parse stage from depending on later stages.
struct ShortcodeEnvironment: Sendable {
    var rules: RuleIndex
    /// Resolves a `ref`/`relref` target written in a page in the content folder `fromDirectory`: its URL
    /// path (with the base path), or nil when no page matches.
    var resolvePage: @Sendable (_ target: String, _ fromDirectory: String) -> String?
    /// `ref` prints absolute URLs: the site's origin (`https://host`) goes in front of the path.
    var origin: String
    /// Site parameters (`params` in config.yaml).
    var siteParams: DataValue
    /// Scripts that draw diagrams and formulas, when the configuration names them.
    var scripts = DiagramScripts()
}

/// Carries out the shortcodes of one page body: each tag goes to its handler
/// (`ShortcodeHandlers`, one per shortcode under `Shortcodes/`), text passes through, escaped
/// tags print literally, an unknown name is an error at its line.
struct ShortcodeExpander {
    let file: String
    let contentPath: String
    let frontMatter: FrontMatter
    let environment: ShortcodeEnvironment

    static var knownNames: [String] { ShortcodeHandlers.knownNames }
    /// How many `shortcode-syntax` problems one page reports before it only says that more follow.
    static let maxSyntaxReports = 100

    func expand(body: Substring, firstLine: Int) -> ExpandedBody {
        let context = ShortcodeContext(file: file, contentPath: contentPath, frontMatter: frontMatter, environment: environment,
                                       body: body, firstLine: firstLine)
        while context.index < context.pieces.count {
            let piece = context.pieces[context.index]
            context.index += 1
            switch piece {
            case .text(let range):
                if let innermost = context.open.last,
                   innermost.handler.text(context.text(range), startingAt: context.fileLine(range.lowerBound), in: context) { continue }
                context.appendOriginal(range)
            case .literal(let literal, let range):
                context.builder.appendGenerated(literal, at: context.fileLine(range.lowerBound))
            case .malformed(let message, let range):
                // A page of thousands of broken tags gets the first ones reported and a count,
                // not a diagnostic (with its column worked out) for every one of them.
                context.malformedCount += 1
                if context.malformedCount <= Self.maxSyntaxReports {
                    context.diagnostics.append(Diagnostic(.shortcodeSyntax, message, at: context.location(range.lowerBound)))
                } else if context.malformedCount == Self.maxSyntaxReports + 1 {
                    context.diagnostics.append(Diagnostic(.shortcodeSyntax,
                        "more malformed shortcodes follow; only the first \(Self.maxSyntaxReports) of this page are reported: fix those and run again",
                        at: context.location(range.lowerBound)))
                }
                context.appendOriginal(range)
            case .shortcode(let tag):
                if tag.isClosing {
                    close(tag, in: context)
                } else if let handler = ShortcodeHandlers.byName[tag.name] {
                    handler.open(tag, in: context)
                } else {
                    let known = Self.knownNames
                    let suggestion = closestMatch(to: tag.name, in: known).map { " (did you mean '\($0)'?)" } ?? ""
                    context.report(.shortcodeUnknown,
                        "unknown shortcode '\(tag.name)'\(suggestion); known shortcodes are \(known.joined(separator: ", ")), and `{{%/* \(tag.name) */%}}` prints a tag literally",
                        at: tag)
                    context.appendOriginal(tag.range)
                }
            }
        }
        // Still open at the end: an error each, and their closing HTML so the page stays balanced.
        while let (tag, handler, _) = context.open.popLast() {
            context.report(.shortcodeUnclosed,
                "`\(tag.name)` is never closed: add `\(ShortcodeContext.closingTag(for: tag))` where it ends", at: tag)
            handler.close(tag, in: context)
        }
        return ExpandedBody(markdown: context.builder.text, lineOrigins: context.builder.lineOrigins, embeds: context.embeds,
                            embedMarker: context.marker, ruleReferences: context.references, comments: context.comments,
                            diagnostics: context.diagnostics, fragments: context.fragments)
    }

    /// A closing tag ends the innermost open shortcode of its name; the ones opened inside it
    /// and left open are reported and closed first.
    private func close(_ tag: Shortcode, in context: ShortcodeContext) {
        guard let position = context.open.lastIndex(where: { $0.tag.name == tag.name }) else {
            context.report(.shortcodeUnclosed,
                "`{{\(tag.delimiter == .markdown ? "%" : "<") /\(tag.name) \(tag.delimiter == .markdown ? "%" : ">")}}` closes a `\(tag.name)` that was never opened",
                at: tag)
            return
        }
        while context.open.count > position + 1, let (inner, handler, _) = context.open.popLast() {
            context.report(.shortcodeUnclosed,
                "`\(inner.name)` is never closed: add `\(ShortcodeContext.closingTag(for: inner))` before `\(ShortcodeContext.closingTag(for: tag))`",
                at: inner)
            handler.close(inner, in: context)
        }
        let (opened, handler, _) = context.open.removeLast()
        handler.close(opened, in: context)
    }

    /// A marker derived from the body, so placeholders cannot collide with text a writer typed.
    static func marker(for bytes: [UInt8]) -> String {
        String(StableHash.of(bytes), radix: 36)
    }
}

/// `page.md#anchor` → (`page.md`, `#anchor`).
func splitAnchor(_ target: String) -> (String, String) {
    guard let hash = target.firstIndex(of: "#") else { return (target, "") }
    return (String(target[..<hash]), String(target[hash...]))
}
