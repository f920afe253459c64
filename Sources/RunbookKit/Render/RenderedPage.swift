/// A page's body after shortcodes and Markdown: what templates print and lint inspects.
public struct RenderedPage: Sendable {
    public let expanded: ExpandedBody
    public let markdown: RenderedMarkdown

    /// The rules the page shows, in order.
    public var rules: [AlertRule] { expanded.ruleReferences.flatMap(\.rules) }
}
