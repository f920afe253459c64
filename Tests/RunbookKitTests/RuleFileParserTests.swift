import Testing
import PropertyBased
@testable import RunbookKit

@Suite struct RuleFileParserTests {
    static let file = """
        groups:
          - name: Hosts
            rules:
              # Fires when the disk is nearly full.
              # Second comment line.
              - alert: HostOutOfDisk
                expr: node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 < 10 and up > 0
                for: 5m
                labels:
                  severity: warning   # kept as written
                annotations:
                  summary: Disk full on {{ $labels.instance }}
                  runbook_url: https://example.org/runbooks/hosts/hostoutofdisk/

              - record: instance:cpu:rate5m
                expr: rate(node_cpu_seconds_total[5m])
          - name: More
            rules:
              - alert: HostDown
                expr: up == 0
                keep_firing_for: 10m
                labels: {severity: critical}
        """

    @Test func readsRulesWithTheirLines() {
        let parsed = RuleFileParser.parse(text: Self.file, file: "hosts.yml", sourcePath: "rules/hosts.yml")
        #expect(parsed.problems.isEmpty)
        #expect(parsed.rules.map(\.name) == ["HostOutOfDisk", "instance:cpu:rate5m", "HostDown"])
        #expect(parsed.rules.map(\.kind) == [.alert, .record, .alert])
        #expect(parsed.rules.map(\.line) == [6, 15, 19])
        #expect(parsed.rules.map(\.group) == ["Hosts", "Hosts", "More"])
        let disk = parsed.rules[0]
        #expect(disk.severity == "warning")
        #expect(disk.pendingFor == "5m")
        #expect(disk.runbookAnnotation?.key == "runbook_url")
        #expect(disk.runbookAnnotation?.line == 13)
        #expect(parsed.rules[2].keepFiringFor == "10m")
        #expect(parsed.rules[2].severity == "critical")
    }

    @Test func sourceTextIsExactWithCommentsAndNoTrailingBlankLines() {
        let parsed = RuleFileParser.parse(text: Self.file, file: "hosts.yml", sourcePath: "rules/hosts.yml")
        #expect(parsed.rules[0].sourceText == """
            # Fires when the disk is nearly full.
            # Second comment line.
            alert: HostOutOfDisk
            expr: node_filesystem_avail_bytes / node_filesystem_size_bytes * 100 < 10 and up > 0
            for: 5m
            labels:
              severity: warning   # kept as written
            annotations:
              summary: Disk full on {{ $labels.instance }}
              runbook_url: https://example.org/runbooks/hosts/hostoutofdisk/
            """)
        #expect(parsed.rules[1].sourceText == "record: instance:cpu:rate5m\nexpr: rate(node_cpu_seconds_total[5m])")
        #expect(parsed.rules[2].sourceText == "alert: HostDown\nexpr: up == 0\nkeep_firing_for: 10m\nlabels: {severity: critical}")
    }

    @Test func invalidYAMLIsReportedAtItsLine() {
        let parsed = RuleFileParser.parse(text: "groups:\n  - name: A\n    rules:\n      - alert: X\n        expr: [unclosed\n", file: "a.yml", sourcePath: "rules/a.yml")
        #expect(parsed.problems.count == 1)
        #expect(parsed.problems[0].code == .ruleFileInvalid)
        #expect(parsed.problems[0].location?.file == "rules/a.yml")
        #expect(parsed.problems[0].location?.line == 6)
    }

    @Test func wrongShapeIsReportedAtTheNode() {
        let parsed = RuleFileParser.parse(text: "groups:\n  - name: A\n    rules: oops\n", file: "a.yml", sourcePath: "rules/a.yml")
        #expect(parsed.problems.map(\.message) == ["`rules` must be a list"])
        #expect(parsed.problems.first?.location?.line == 3)
    }

    /// A rule's fields are found by key in any order; a recording rule's alert-only fields are
    /// each reported at their own line, in the file's order.
    @Test func fieldsAreFoundInAnyOrderAndAlertOnlyFieldsOfARecordingRuleAreReported() {
        let text = """
            groups:
              - name: g
                rules:
                  - annotations: {summary: Down}
                    labels: {severity: page}
                    for: 5m
                    expr: up == 0
                    alert: Down
                  - annotations: {summary: nope}
                    keep_firing_for: 1m
                    record: job:up:sum
                    for: 2m
                    expr: sum by (job) (up)

            """
        let parsed = RuleFileParser.parse(text: text, file: "a.yml", sourcePath: "rules/a.yml")
        #expect(parsed.rules.map(\.name) == ["Down", "job:up:sum"])
        #expect(parsed.rules.first?.expr == "up == 0")
        #expect(parsed.rules.first?.pendingFor == "5m")
        #expect(parsed.rules.first?.labels.map(\.key) == ["severity"])
        #expect(parsed.rules.first?.annotations.map(\.value) == ["Down"])
        // Reported in file order, each at its field's line.
        #expect(parsed.problems.map(\.message) == [
            "recording rule 'job:up:sum' cannot have `annotations` (only alerts do); remove it",
            "recording rule 'job:up:sum' cannot have `keep_firing_for` (only alerts do); remove it",
            "recording rule 'job:up:sum' cannot have `for` (only alerts do); remove it",
        ])
        #expect(parsed.problems.map { $0.location?.line ?? 0 } == [9, 10, 12])
    }

    /// A rule missing from the named file is reported with the first other file, by path, that
    /// defines it (the index keeps files by rule name rather than scanning every file).
    @Test func missingRuleNamesTheFilesThatDefineIt() {
        func file(_ path: String, _ alerts: [String]) -> RuleFile {
            let rules = alerts.map { "      - alert: \($0)\n        expr: up == 0\n" }.joined()
            return RuleFileParser.parse(text: "groups:\n  - name: g\n    rules:\n" + rules, file: path, sourcePath: "rules/" + path)
        }
        let index = RuleIndex(files: [file("z.yml", ["Shared", "Shared"]), file("own.yml", ["Other"]),
                                      file("a/b.yml", ["Shared"]), file("m.yml", ["Unrelated"])])
        guard case .ruleNotFound(_, let definedIn) = index.lookup(path: "own.yml", alert: "Shared") else {
            Issue.record("expected rule-not-found")
            return
        }
        #expect(definedIn == "rules/a/b.yml")
        guard case .ruleNotFound(_, let fromA) = index.lookup(path: "a/b.yml", alert: "Other") else {
            Issue.record("expected rule-not-found")
            return
        }
        #expect(fromA == "rules/own.yml")
        guard case .found(let twice) = index.lookup(path: "z.yml", alert: "Shared") else {
            Issue.record("expected both of z.yml's rules")
            return
        }
        #expect(twice.map(\.line) == [4, 6])
        guard case .ruleNotFound(_, let nowhere) = index.lookup(path: "own.yml", alert: "Absent") else {
            Issue.record("expected rule-not-found")
            return
        }
        #expect(nowhere == nil)
    }

    /// A page's "did you mean" work is capped: each miss compares the name with every rule of
    /// the file, so 20,000 misses against a file of 50,000 rules took a minute. Past the cap the
    /// hints stop, in document order; the diagnostics themselves stay.
    @Test func hintsStopWhenThePageBudgetIsSpent() {
        let rules = (0..<10).map { "      - alert: Alert\($0)\n        expr: up == 0\n" }.joined()
        let index = RuleIndex(files: [RuleFileParser.parse(text: "groups:\n  - name: g\n    rules:\n" + rules,
                                                           file: "r.yml", sourcePath: "rules/r.yml")])
        var budget = SuggestionBudget(comparisons: 25)
        var hints: [String?] = []
        for name in ["Alert1x", "Alert2x", "Alert3x", "Alert4x"] {
            guard case .ruleNotFound(let suggestion, _) = index.lookup(path: "r.yml", alert: name, budget: &budget) else {
                Issue.record("expected rule-not-found for \(name)")
                return
            }
            hints.append(suggestion)
        }
        #expect(hints == ["Alert1", "Alert2", nil, nil])
        guard case .fileNotFound(let fileHint) = index.lookup(path: "rr.yml", alert: "Alert1", budget: &budget) else {
            Issue.record("expected file-not-found")
            return
        }
        #expect(fileHint == nil)
        guard case .fileNotFound(let freshHint) = index.lookup(path: "rr.yml", alert: "Alert1") else {
            Issue.record("expected file-not-found")
            return
        }
        #expect(freshHint == "r.yml")
    }

    @Test func lookupsAndSuggestions() {
        let parsed = RuleFileParser.parse(text: Self.file, file: "hosts.yml", sourcePath: "rules/hosts.yml")
        let index = RuleIndex(files: [parsed], filesOutside: ["escape.yml"])
        guard case .found(let rules) = index.lookup(path: "hosts.yml", alert: "HostDown") else {
            Issue.record("HostDown not found")
            return
        }
        #expect(rules.count == 1)
        guard case .found = index.lookup(path: "rules/./hosts.yml", alert: "HostDown") else {
            Issue.record("a path copied from the repository should resolve")
            return
        }
        guard case .ruleNotFound(let suggestion, _) = index.lookup(path: "hosts.yml", alert: "HostOutOfDisc") else {
            Issue.record("expected rule-not-found")
            return
        }
        #expect(suggestion == "HostOutOfDisk")
        guard case .pathOutside = index.lookup(path: "../secrets.yml", alert: "X") else {
            Issue.record("`..` must not leave the rules folder")
            return
        }
        guard case .pathOutside = index.lookup(path: "/etc/passwd", alert: "X") else {
            Issue.record("absolute paths must be refused")
            return
        }
        guard case .pathOutside = index.lookup(path: "escape.yml", alert: "X") else {
            Issue.record("a symlink out of the folder must be refused")
            return
        }
        guard case .fileNotFound(let fileSuggestion) = index.lookup(path: "host.yml", alert: "X") else {
            Issue.record("expected file-not-found")
            return
        }
        #expect(fileSuggestion == "hosts.yml")
    }

    /// The byte walk that splits a rule file into lines gives what the Character split did.
    @Test func linesSplitAsCharactersDo() async {
        let pieces = ["a", "é", " ", "\n", "\r", "\r\n", "\u{2028}", "\u{2029}", "\u{85}", "\u{301}", "\u{600}", "\u{E2}", "€", "😀"]
        let generator = Gen<String?>.element(of: pieces).array(of: 0...12).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 2000, input: generator) { text in
            let characters = text.split(omittingEmptySubsequences: false) {
                $0 == "\n" || $0 == "\r\n" || $0 == "\r" || $0 == "\u{2028}" || $0 == "\u{2029}" || $0 == "\u{85}"
            }
            #expect(RuleFileParser.lines(of: text) == characters, "\(Array(text.unicodeScalars))")
        }
    }

    /// A rule's text cut from ASCII text by byte offsets is the text the Character cut gives,
    /// for any lines (blank, indented by spaces or tabs, comments) and any rule position.
    @Test func asciiCutMatchesCharacterCut() async {
        let pieces = ["", "  ", "\t", " # note", "#", "- alert: A", "expr: up", "    x: 1", "\n", "\n", "\n"]
        let generator = Gen<String?>.element(of: pieces).array(of: 0...16).map { $0.compactMap { $0 }.joined() }
        let positions = Gen<Int>.int(in: 0...8).array(of: 3)
        await propertyCheck(count: 2000, input: generator, positions) { text, position in
            let characterLines = RuleSourceText.CharacterLines(text)
            guard let ascii = RuleSourceText.ASCIILines(text) else {
                Issue.record("ASCII text refused: \(text.debugDescription)")
                return
            }
            #expect(ascii.count == characterLines.count)
            let cut = ascii.extract(line: position[0], column: position[1] + 1, before: position[0] + position[2])
            let expected = characterLines.extract(line: position[0], column: position[1] + 1, before: position[0] + position[2])
            #expect(cut == expected, "\(text.debugDescription) \(position)")
        }
        #expect(RuleSourceText.ASCIILines("é") == nil)
        #expect(WordScan.isASCII(UnsafeBufferPointer<UInt8>(start: nil, count: 0)))
        for text in ["plain text, longer than a word", "é", "0123456789abcdeé", "0123456é"] {
            var copy = text
            #expect(copy.withUTF8 { WordScan.isASCII($0) } == !text.unicodeScalars.contains { !$0.isASCII }, "\(text)")
        }
    }

    /// A shortcode's rule path taken as it is when it is already normal gives what folding its
    /// segments gives, for every path.
    @Test func normalPathsAreTakenAsTheyAre() async {
        #expect(RuleIndex.normalise("hosts/node.yml") == "hosts/node.yml")
        #expect(RuleIndex.normalise("hosts/./node.yml") == "hosts/node.yml")
        #expect(RuleIndex.normalise("hosts/../node.yml") == "node.yml")
        #expect(RuleIndex.normalise("../node.yml") == nil)
        let pieces = ["a", "b.yml", ".", "..", "...", ".x", "/", "//"]
        let generator = Gen<String?>.element(of: pieces).array(of: 0...6).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 2000, input: generator) { path in
            #expect(RuleIndex.normalise(path) == RuleIndex.normaliseBySegments(path), "\(path)")
        }
    }
}
