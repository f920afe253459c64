import RunbookBuildInfo

/// The one version of runbook: `--version`, SARIF's tool version, the build cache key and the
/// release tarball's name (the Makefile reads `number` from this file).
public enum RunbookVersion {
    public static let number = "0.1.0"

    /// The git commit the binary was built from, or "unknown" for a plain `swift build`.
    public static var commit: String { String(cString: runbook_build_commit()) }

    /// `0.1.0 (commit 1a2b3c4d5e6f)`: what `runbook --version` prints.
    public static var description: String {
        let commit = self.commit
        return "\(number) (commit \(commit == "unknown" ? commit : String(commit.prefix(12))))"
    }
}
