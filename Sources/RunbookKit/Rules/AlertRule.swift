import Foundation

/// One rule of a Prometheus rule file (`alert:` or `record:`), with where it stands and its
/// exact source text, so pages can show it as written, comments and key order included.
public struct AlertRule: Sendable, Hashable {
    public enum Kind: String, Sendable { case alert, record }

    /// A label or annotation, in file order, with the line it is on.
    public struct Entry: Sendable, Hashable {
        public let key: String
        public let value: String
        public let line: Int
        public let column: Int
    }

    public let kind: Kind
    public let name: String
    public let group: String
    public let expr: String?
    /// `expr` parsed once, when first asked (nil when the rule has no `expr`): a build that
    /// takes its rules from the last build's state shows only a few of them.
    public var parsedExpr: PromQLParsedExpression? { expression?.parsed }
    private let expression: LazyExpression?
    /// `for:`
    public let pendingFor: String?
    public let keepFiringFor: String?
    public let labels: [Entry]
    public let annotations: [Entry]
    /// Rule file path relative to the rules folder (`haproxy/haproxy-exporter-v1.yml`).
    public let file: String
    /// Rule file path relative to the site's source folder (`rules/haproxy/…`).
    public let sourcePath: String
    /// Line of the rule's first key (its `- alert:` line) and the column of that key.
    public let line: Int
    public let column: Int
    /// The rule as it stands in the file, dedented, with the comment block just above it.
    public let sourceText: String

    public var severity: String? { labels.first { $0.key == "severity" }?.value }

    /// The `runbook_url` or `runbook` annotation, where alerts link to their page.
    public var runbookAnnotation: Entry? {
        annotations.first { $0.key == "runbook_url" } ?? annotations.first { $0.key == "runbook" }
    }

    public var location: SourceLocation { SourceLocation(file: sourcePath, line: line, column: column) }

    /// Everything a page or alert file can show of the rule; the parsed expression is left
    /// out, being made from `expr`.
    func combineShown(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(name)
        hasher.combine(group)
        hasher.combine(expr)
        hasher.combine(pendingFor)
        hasher.combine(keepFiringFor)
        hasher.combine(labels)
        hasher.combine(annotations)
        hasher.combine(file)
        hasher.combine(sourcePath)
        hasher.combine(line)
        hasher.combine(column)
        hasher.combine(sourceText)
    }
}

extension AlertRule {
    init(kind: Kind, name: String, group: String, expr: String?, pendingFor: String?, keepFiringFor: String?,
         labels: [Entry], annotations: [Entry], file: String, sourcePath: String, line: Int, column: Int, sourceText: String) {
        self.kind = kind
        self.name = name
        self.group = group
        self.expr = expr
        expression = expr.map(LazyExpression.init)
        self.pendingFor = pendingFor
        self.keepFiringFor = keepFiringFor
        self.labels = labels
        self.annotations = annotations
        self.file = file
        self.sourcePath = sourcePath
        self.line = line
        self.column = column
        self.sourceText = sourceText
    }
}

/// A rule's expression, parsed on first use by whichever thread asks first. Equal and hashed
/// by its text: the parse is made from it.
final class LazyExpression: @unchecked Sendable, Hashable {
    let source: String
    private let lock = NSLock()
    private var made: PromQLParsedExpression?

    init(_ source: String) { self.source = source }

    var parsed: PromQLParsedExpression {
        lock.withLock {
            if let made { return made }
            let parsed = PromQLParsedExpression(source)
            made = parsed
            return parsed
        }
    }

    static func == (lhs: LazyExpression, rhs: LazyExpression) -> Bool { lhs.source == rhs.source }
    func hash(into hasher: inout Hasher) { hasher.combine(source) }
}
