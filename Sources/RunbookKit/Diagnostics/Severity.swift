/// How serious a diagnostic is. Ordered so that `max()` gives the worst one.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable, Codable {
    case info
    case warning
    case error

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .error: 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// What a user may set a code to, on the command line or in `config.yaml`: a severity, or `ignore`.
public enum SeveritySetting: String, Sendable, Hashable, CaseIterable {
    case error
    case warning
    case info
    case ignore

    /// The severity a diagnostic gets under this setting; `nil` drops it.
    public var severity: Severity? {
        switch self {
        case .error: .error
        case .warning: .warning
        case .info: .info
        case .ignore: nil
        }
    }
}
