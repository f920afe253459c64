/// A replacement a report may offer as a one-click fix (reviewdog's `suggestions`): the text
/// that starts at the diagnostic's location, and what to put there instead. Only for fixes that
/// are certain, such as a misspelt front matter key with one close known key.
public struct DiagnosticFix: Sendable, Hashable {
    public var replacing: String
    public var with: String

    public init(replacing: String, with replacement: String) {
        self.replacing = replacing
        self.with = replacement
    }
}
