/// The lint checks reference (`docs/lint-checks.md`), generated from `DiagnosticCode.allCases`
/// so that a new code cannot be left out of the docs: a test compares the file with this text,
/// and `scripts/generate-docs` rewrites it.
public enum LintChecksReference {
    /// Headings of the reference and the codes under each, in reading order. A test asks that
    /// every code is in one; one left out would still appear, under "Other checks".
    static let groups: [(title: String, codes: [DiagnosticCode])] = [
        ("Configuration and files", [.configInvalid, .configUnknownKey, .contentMissing, .fileUnreadable, .fileTooLarge,
                                     .fileEncoding, .controlCharacter, .unusualLineBreak, .yamlBudgetExceeded,
                                     .templateInvalid, .urlConflict, .urlInvalid]),
        ("Front matter", [.frontMatterInvalid, .frontMatterType, .titleMissing, .frontMatterRequired,
                          .frontMatterValue, .frontMatterUnknownKey]),
        ("Shortcodes", [.shortcodeUnknown, .shortcodeUnclosed, .shortcodeSyntax, .shortcodeArguments, .shortcodeBudgetExceeded,
                        .refNotFound, .paramNotFound]),
        ("Rules and pages, both directions", [.ruleFileNotFound, .ruleFileInvalid, .rulePathOutside, .ruleNotFound,
                                              .ruleAmbiguous, .ruleBudgetExceeded, .ruleExprInvalid, .duplicateAlert, .alertWithoutRunbook, .runbookURLDangling,
                                              .runbookURLEmptyPage, .runbookURLOtherPage, .runbookURLMissing,
                                              .staleRuleCopy]),
        ("Content", [.emptyPage, .missingSection, .setextHeading, .duplicateHeading, .placeholderLink, .unsafeHTML]),
        ("Links", [.linkBroken, .anchorMissing, .linkSelf, .externalLinkBroken]),
    ]

    public static func markdown(_ codes: [DiagnosticCode] = DiagnosticCode.allCases) -> String {
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
        let wanted = Set(codes)
        var placed = Set<DiagnosticCode>()
        var sections: [(String, [DiagnosticCode])] = []
        for group in groups {
            let members = group.codes.filter { wanted.contains($0) }
            placed.formUnion(members)
            if !members.isEmpty { sections.append((group.title, members)) }
        }
        let others = codes.filter { !placed.contains($0) }
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
