/// One shortcode (or a family sharing its output): what it does with its tag. The expander
/// finds the handler by name; a paired shortcode whose inner text is Markdown pushes itself on
/// `context.open` and gets `close` at its closing tag, so shortcodes nest (`rule` in `details`,
/// `tab` in `tabs`) without the expander knowing any of them.
protocol ShortcodeHandler: Sendable {
    var names: [String] { get }
    /// Runs for an opening or single tag (never for a closing one).
    func open(_ tag: Shortcode, in context: ShortcodeContext)
    /// Runs for the closing tag of a tag this handler pushed on `context.open` (or at the end of
    /// the page, after an unclosed-tag error, to keep the HTML balanced).
    func close(_ opened: Shortcode, in context: ShortcodeContext)
    /// Text met while this handler's tag is the innermost open one; false leaves it as written.
    func text(_ piece: Substring, startingAt line: Int, in context: ShortcodeContext) -> Bool
}

extension ShortcodeHandler {
    func close(_ opened: Shortcode, in context: ShortcodeContext) {}
    func text(_ piece: Substring, startingAt line: Int, in context: ShortcodeContext) -> Bool { false }
}

/// Every shortcode we carry out, by name: Hugo's (`ref`, `relref`, `param`, `figure`,
/// `highlight`, `details`), hugo-book's (`hint`, `details`, `expand`, `tabs`/`tab`, `columns`,
/// `button`, `mermaid`, `katex`) and our own (`rule`, `comment`).
enum ShortcodeHandlers {
    static let all: [any ShortcodeHandler] = [
        RuleShortcode(), CommentShortcode(), RefShortcode(), ParamShortcode(),
        HintShortcode(), DetailsShortcode(), TabsShortcode(), TabShortcode(), ColumnsShortcode(),
        ButtonShortcode(), FigureShortcode(), HighlightShortcode(), MermaidShortcode(), KatexShortcode(),
    ]

    static let byName: [String: any ShortcodeHandler] = {
        var result: [String: any ShortcodeHandler] = [:]
        for handler in all { for name in handler.names { result[name] = handler } }
        return result
    }()

    static let knownNames: [String] = all.flatMap(\.names)
}

/// The state of one page's expansion, shared by the handlers: the Markdown being built, what
/// the page embeds, the paired shortcodes still open, and the diagnostics.
final class ShortcodeContext {
    let file: String
    let contentPath: String
    let frontMatter: FrontMatter
    let environment: ShortcodeEnvironment
    let bytes: [UInt8]
    let lines: TextLines
    let pieces: [ShortcodeScanner.Piece]
    let firstLine: Int
    /// Derived from the body, so placeholders cannot collide with text a writer typed.
    let marker: String
    /// The next piece the expander reads; handlers that take their raw inner text move it.
    var index = 0
    var builder: MarkdownSourceBuilder
    var embeds: [[AlertRule]] = []
    /// HTML put in place as it is (after Markdown), by placeholder number.
    var fragments: [String] = []
    var references: [ExpandedBody.RuleReference] = []
    var comments: [ExpandedBody.HiddenComment] = []
    var diagnostics: [Diagnostic] = []
    /// The page's "did you mean" work for `rule` shortcodes that found nothing.
    var suggestions = SuggestionBudget()
    /// Malformed tags met so far (only the first ones are reported).
    var malformedCount = 0
    /// Paired shortcodes opened and not yet closed, innermost last.
    var open: [(tag: Shortcode, handler: any ShortcodeHandler, state: Int)] = []
    /// Per-page counters (tab groups, scripts already added).
    var counters: [String: Int] = [:]

    init(file: String, contentPath: String, frontMatter: FrontMatter, environment: ShortcodeEnvironment,
         body: Substring, firstLine: Int) {
        self.file = file
        self.contentPath = contentPath
        self.frontMatter = frontMatter
        self.environment = environment
        // In one copy: `Array(body.utf8)` of a Substring goes byte by byte through an iterator.
        bytes = body.utf8.withContiguousStorageIfAvailable { Array($0) } ?? Array(body.utf8)
        lines = TextLines(bytes: bytes)
        pieces = ShortcodeScanner(bytes).scan()
        self.firstLine = firstLine
        marker = ShortcodeExpander.marker(for: bytes)
        builder = MarkdownSourceBuilder(firstLine: firstLine, expectedBytes: bytes.count, expectedLines: lines.count)
    }

    func location(_ offset: Int) -> SourceLocation {
        SourceLocation(file: file, line: fileLine(offset), column: lines.column(ofOffset: offset))
    }

    func location(of tag: Shortcode) -> SourceLocation { location(tag.range.lowerBound) }

    func fileLine(_ offset: Int) -> Int { lines.line(ofOffset: offset) + firstLine - 1 }

    func text(_ range: Range<Int>) -> Substring { Substring(String(decoding: bytes[range], as: UTF8.self)) }

    /// Original text of the body, as it is, into the Markdown (no String made on the way).
    func appendOriginal(_ range: Range<Int>) {
        let line = fileLine(range.lowerBound)
        bytes.withUnsafeBufferPointer { builder.appendOriginal(UnsafeBufferPointer(rebasing: $0[range]), startingAt: line) }
    }

    func report(_ code: DiagnosticCode, _ message: String, at tag: Shortcode) {
        diagnostics.append(Diagnostic(code, message, at: location(of: tag)))
    }

    /// Text a shortcode produced in place of `tag`, while the page's shortcodes have produced
    /// at most `generatedBudget` bytes; past it nothing more, and one error.
    func emit(_ text: String, for tag: Shortcode) {
        guard generated <= Self.generatedBudget else { return }
        generated += text.utf8.count
        guard generated <= Self.generatedBudget else {
            diagnostics.append(Diagnostic(.shortcodeBudgetExceeded,
                "this page's shortcodes would produce more than \(Self.generatedBudget >> 20) MB of text, from this "
                    + "`\(tag.name)` on; print values (`param`) fewer times, shorten them, or split the page",
                at: location(of: tag)))
            return
        }
        builder.appendGenerated(text, at: fileLine(tag.range.lowerBound))
    }

    /// What one page's shortcodes may produce: `param` prints a value of up to a megabyte
    /// (config.yaml) or eight (front matter) every time, so 10,000 of them on a 200 KB page
    /// asked for 5 GB (the run crashed at 11.8 GB). Text a shortcode takes from the page
    /// itself (a highlighted block, a diagram) is not counted: it grows with the page.
    static let generatedBudget = 8 << 20
    private var generated = 0

    /// Block-level HTML around Markdown: on lines of its own, with a blank line after it so the
    /// Markdown that follows is read as Markdown and not as part of an HTML block.
    func emitBlockHTML(_ html: String, for tag: Shortcode) {
        var text = builder.isAtLineStart ? "" : "\n"
        text += html + "\n\n"
        emit(text, for: tag)
    }

    /// A fragment on a line of its own: HTML that libcmark would otherwise wrap in a paragraph
    /// (form elements are not block tags to it).
    func emitBlockFragment(_ html: String, for tag: Shortcode) {
        if !builder.isAtLineStart { emit("\n", for: tag) }
        emitFragment(html, for: tag)
        emit("\n", for: tag)
    }

    /// HTML that must reach the page exactly as it is (a diagram's source, a highlighted
    /// block): a placeholder now, the HTML after Markdown rendering.
    func emitFragment(_ html: String, for tag: Shortcode) {
        emit(ExpandedBody.fragmentPlaceholder(marker: marker, index: fragments.count), for: tag)
        fragments.append(html)
    }

    /// The raw text between `tag` and its closing tag, consuming everything up to the close;
    /// nil (after an error) when it is never closed. Shortcodes inside are not carried out:
    /// diagrams, formulas and code are shown as written.
    func takeInner(of tag: Shortcode) -> String? {
        if tag.isSelfClosing { return "" }
        var cursor = index
        while cursor < pieces.count {
            if case .shortcode(let inner) = pieces[cursor], inner.name == tag.name, inner.isClosing { break }
            cursor += 1
        }
        guard cursor < pieces.count, case .shortcode(let closing) = pieces[cursor] else {
            report(.shortcodeUnclosed, "`\(tag.name)` is never closed: add `\(Self.closingTag(for: tag))` where it ends", at: tag)
            index = pieces.count
            return nil
        }
        index = cursor + 1
        return String(text(tag.range.upperBound..<closing.range.lowerBound))
    }

    /// `{{< /name >}}` in the tag's own delimiters.
    static func closingTag(for tag: Shortcode) -> String {
        tag.delimiter == .markdown ? "{{% /\(tag.name) %}}" : "{{< /\(tag.name) >}}"
    }

    /// Registers a paired shortcode whose inner text is Markdown; `close` runs at its closing tag.
    func push(_ tag: Shortcode, _ handler: any ShortcodeHandler, state: Int = 0) {
        if tag.isSelfClosing {
            handler.close(tag, in: self)
        } else {
            open.append((tag, handler, state))
        }
    }

    /// A flag argument such as `open` or `open=true`.
    static func flag(_ tag: Shortcode, _ name: String) -> Bool {
        if tag.positional.contains(name) { return true }
        guard let value = tag.named.first(where: { $0.key == name })?.value.lowercased() else { return false }
        return value == "true" || value == "1" || value == name
    }
}
