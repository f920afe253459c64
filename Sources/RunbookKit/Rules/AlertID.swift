/// An alert's identity across the site: its rule file (as `RuleIndex.files` keys it) and its
/// name, which is how a `rule` shortcode names it. Two definitions of one name in one file
/// share it.
public struct AlertID: Hashable, Sendable, CustomStringConvertible {
    public let file: String
    public let name: String

    public init(file: String, name: String) {
        self.file = file
        self.name = name
    }

    public var description: String { "\(file) \(name)" }
}

extension AlertRule {
    public var id: AlertID { AlertID(file: file, name: name) }
}
