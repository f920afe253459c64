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

    /// What the rule says, as written: every field a page or alert file can show.
    private struct Fields: Sendable, Hashable {
        let kind: Kind
        let name: String
        let group: String
        let expr: String?
        let pendingFor: String?
        let keepFiringFor: String?
        let labels: [Entry]
        let annotations: [Entry]
        let file: String
        let sourcePath: String
        let line: Int
        let column: Int
        let sourceText: String
    }

    /// The fields in one shared, immutable object: rules are copied into indexes, catalogues
    /// and page contexts, and a copy of fifteen fields was a dozen retains.
    private final class Storage: Sendable {
        let fields: Fields
        /// `expr` parsed on first use; left out of equality and hashing, being made from `expr`.
        let expression: LazyExpression?

        init(_ fields: Fields) {
            self.fields = fields
            expression = fields.expr.map(LazyExpression.init)
        }
    }

    private let storage: Storage

    public var kind: Kind { storage.fields.kind }
    public var name: String { storage.fields.name }
    public var group: String { storage.fields.group }
    public var expr: String? { storage.fields.expr }
    /// `expr` parsed once, when first asked (nil when the rule has no `expr`): a build that
    /// takes its rules from the last build's state shows only a few of them.
    public var parsedExpr: PromQLParsedExpression? { storage.expression?.parsed }
    /// `for:`
    public var pendingFor: String? { storage.fields.pendingFor }
    public var keepFiringFor: String? { storage.fields.keepFiringFor }
    public var labels: [Entry] { storage.fields.labels }
    public var annotations: [Entry] { storage.fields.annotations }
    /// Rule file path relative to the rules folder (`haproxy/haproxy-exporter-v1.yml`).
    public var file: String { storage.fields.file }
    /// Rule file path relative to the site's source folder (`rules/haproxy/…`).
    public var sourcePath: String { storage.fields.sourcePath }
    /// Line of the rule's first key (its `- alert:` line) and the column of that key.
    public var line: Int { storage.fields.line }
    public var column: Int { storage.fields.column }
    /// The rule as it stands in the file, dedented, with the comment block just above it.
    public var sourceText: String { storage.fields.sourceText }

    public var severity: String? { labels.first { $0.key == "severity" }?.value }

    /// The `runbook_url` or `runbook` annotation, where alerts link to their page.
    public var runbookAnnotation: Entry? {
        annotations.first { $0.key == "runbook_url" } ?? annotations.first { $0.key == "runbook" }
    }

    public var location: SourceLocation { SourceLocation(file: sourcePath, line: line, column: column) }

    /// Everything a page or alert file can show of the rule; the parsed expression is left
    /// out, being made from `expr`.
    func combineShown(into hasher: inout Hasher) { hasher.combine(storage.fields) }
}

extension AlertRule {
    init(kind: Kind, name: String, group: String, expr: String?, pendingFor: String?, keepFiringFor: String?,
         labels: [Entry], annotations: [Entry], file: String, sourcePath: String, line: Int, column: Int, sourceText: String) {
        storage = Storage(Fields(kind: kind, name: name, group: group, expr: expr, pendingFor: pendingFor,
                                 keepFiringFor: keepFiringFor, labels: labels, annotations: annotations, file: file,
                                 sourcePath: sourcePath, line: line, column: column, sourceText: sourceText))
    }

    /// Equal when every field is (the parsed expression is made from `expr`).
    public static func == (lhs: AlertRule, rhs: AlertRule) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    public func hash(into hasher: inout Hasher) { combineShown(into: &hasher) }
}

/// A rule's expression, parsed on first use by whichever thread asks first.
final class LazyExpression: @unchecked Sendable {
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
}
