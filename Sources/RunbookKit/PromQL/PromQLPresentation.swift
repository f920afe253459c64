import Foundation

/// What a page shows for a rule's expression: laid out (when it parses and has no comments,
/// which layout would drop), highlighted, and the metric names it reads.
public struct PromQLPresentation: Sendable {
    /// Highlighted HTML of the laid-out expression.
    public let html: String
    /// The laid-out text, as copied.
    public let text: String
    public let metrics: [String]
    /// Why the expression did not parse (shown as written then).
    public let error: PromQLError?

    /// Column width the rule block lays expressions out to; narrower than promtool's 100 so
    /// a laid-out line fits the page's reading column at 1280 px without wrapping.
    public static let pageWidth = 80

    public init(expression: String, width: Int = PromQLPresentation.pageWidth) {
        self.init(parsed: PromQLParsedExpression(expression), width: width)
    }

    /// From an expression parsed already (a rule's, parsed when its file was read).
    public init(parsed: PromQLParsedExpression, width: Int = PromQLPresentation.pageWidth) {
        switch parsed.result {
        case .success(let tree):
            text = parsed.hasComments ? parsed.trimmed : PromQLFormatter(width: width).format(tree)
            html = PromQLHighlighter.highlight(text).html
            metrics = tree.metricNames
            error = nil
        case .failure(let failure):
            text = parsed.trimmed
            let highlighted = PromQLHighlighter.highlight(parsed.trimmed)
            html = highlighted.html
            metrics = highlighted.metrics
            error = failure
        }
    }
}
