/// The lint checks reference (`docs/lint-checks.md`), generated from `DiagnosticCode.catalogue`
/// so that a new code cannot be left out of the docs: a test compares the file with this text,
/// and `scripts/generate-docs` rewrites it.
public enum LintChecksReference {
    /// Headings of the reference and the codes under each, in reading order. A code of the
    /// catalogue missing here still appears, under "Other checks".
    static let groups: [(title: String, codes: [String])] = [
        ("Configuration and files", ["config-invalid", "config-unknown-key", "content-missing", "file-unreadable", "file-too-large",
                                     "file-encoding", "control-character", "unusual-line-break", "yaml-budget-exceeded",
                                     "template-invalid", "url-conflict", "url-invalid"]),
        ("Front matter", ["front-matter-invalid", "front-matter-type", "title-missing", "front-matter-required",
                          "front-matter-value", "front-matter-unknown-key"]),
        ("Shortcodes", ["shortcode-unknown", "shortcode-unclosed", "shortcode-syntax", "shortcode-arguments",
                        "ref-not-found", "param-not-found"]),
        ("Rules and pages, both directions", ["rule-file-not-found", "rule-file-invalid", "rule-path-outside", "rule-not-found",
                                              "rule-ambiguous", "rule-expr-invalid", "duplicate-alert", "alert-without-runbook", "runbook-url-dangling",
                                              "runbook-url-empty-page", "runbook-url-other-page", "runbook-url-missing",
                                              "stale-rule-copy"]),
        ("Content", ["empty-page", "missing-section", "setext-heading", "duplicate-heading", "placeholder-link", "unsafe-html"]),
        ("Links", ["link-broken", "anchor-missing", "link-self", "external-link-broken"]),
    ]

    public static func markdown(_ catalogue: [DiagnosticCode] = DiagnosticCode.catalogue) -> String {
        var out = """
            # Lint checks

            <!-- Generated from Sources/RunbookKit/Diagnostics by scripts/generate-docs; do not edit by hand. -->

            Every finding has a stable code. `runbook lint --list-checks` prints them all. Change a
            code's severity with `--severity CODE=LEVEL` (repeatable) or for everyone under
            `runbook.severity` in `config.yaml`; the command line wins. Levels are `error`, `warning`,
            `info` and `ignore`; `--strict` makes warnings fail too. Codes reported by *build* fail
            `runbook build` as well; the others only `runbook lint`. How the checks resolve links and
            annotation URLs is explained in [linting.md](linting.md).

            | code | default | reported by | finds |
            |---|---|---|---|

            """
        let byName = Dictionary(catalogue.map { ($0.rawValue, $0) }, uniquingKeysWith: { first, _ in first })
        var placed = Set<String>()
        var sections: [(String, [DiagnosticCode])] = []
        for group in groups {
            let codes = group.codes.compactMap { byName[$0] }
            placed.formUnion(codes.map(\.rawValue))
            if !codes.isEmpty { sections.append((group.title, codes)) }
        }
        let others = catalogue.filter { !placed.contains($0.rawValue) }
        if !others.isEmpty { sections.append(("Other checks", others)) }

        for (_, codes) in sections {
            for code in codes {
                out += "| [`\(code.rawValue)`](#\(code.rawValue)) | \(code.defaultSeverity) | \(code.stage) | \(cell(code.summary)) |\n"
            }
        }
        for (title, codes) in sections {
            out += "\n## \(title)\n"
            for code in codes {
                out += "\n### \(code.rawValue)\n\n"
                out += "Default **\(code.defaultSeverity)**, reported by `\(code.stage == .build ? "build and lint" : "lint")`.\n\n"
                out += "Finds \(code.summary).\n\n"
                out += "What to do: \(code.help)\n"
                if let example = code.example, !example.isEmpty {
                    out += "\n```text\n\(example)\n```\n"
                }
                if let tuning = code.tuning, !tuning.isEmpty {
                    out += "\nSilence or tighten: \(tuning)\n"
                }
            }
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
