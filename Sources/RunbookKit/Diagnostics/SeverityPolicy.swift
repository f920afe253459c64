import Foundation

/// The severities a user chose per code (config.yaml first, then `--severity` on top), applied
/// once at the end so every stage can report at the code's default.
public struct SeverityPolicy: Sendable, Equatable {
    public var overrides: [String: SeveritySetting]

    public init(overrides: [String: SeveritySetting] = [:]) {
        self.overrides = overrides
    }

    /// The policy with `other`'s settings taking precedence.
    public func merging(_ other: SeverityPolicy) -> SeverityPolicy {
        SeverityPolicy(overrides: overrides.merging(other.overrides) { _, new in new })
    }

    /// Applies the settings: changes severities and drops ignored codes.
    public func apply(to diagnostics: [Diagnostic]) -> [Diagnostic] {
        guard !overrides.isEmpty else { return diagnostics }
        return diagnostics.compactMap { diagnostic in
            guard let setting = overrides[diagnostic.code.rawValue] else { return diagnostic }
            guard let severity = setting.severity else { return nil }
            var changed = diagnostic
            changed.severity = severity
            return changed
        }
    }

    /// Parses `code=level` as typed after `--severity`.
    public static func parseAssignment(_ text: String) -> Result<(String, SeveritySetting), SeverityAssignmentError> {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingHorizontalWhitespace() }
        guard parts.count == 2 else { return .failure(.malformed(text)) }
        guard DiagnosticCode(rawValue: parts[0]) != nil else { return .failure(.unknownCode(parts[0])) }
        guard let setting = SeveritySetting(rawValue: parts[1].lowercased()) else { return .failure(.unknownLevel(parts[1])) }
        return .success((parts[0], setting))
    }
}

public enum SeverityAssignmentError: Error, CustomStringConvertible, Equatable {
    case malformed(String)
    case unknownCode(String)
    case unknownLevel(String)

    public var description: String {
        switch self {
        case .malformed(let text):
            "expected CODE=LEVEL, got '\(text)'"
        case .unknownCode(let code):
            "unknown diagnostic code '\(code)'" + (closestMatch(to: code, in: DiagnosticCode.allCases.map(\.rawValue)).map { " (did you mean '\($0)'?)" } ?? "") + "; `runbook lint --list-checks` lists them"
        case .unknownLevel(let level):
            "unknown level '\(level)'; use error, warning, info or ignore"
        }
    }
}
