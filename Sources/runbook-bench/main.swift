// Measures what the command line cannot show: how long `serve`'s incremental rebuild takes
// after a one-page edit, a rule-file edit and a title edit, on a copy of a site. Prints
// medians over several runs; used by bench/run. Usage: runbook-bench SITE-COPY [runs]
import Foundation
import RunbookKit

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    FileHandle.standardError.write(Data("usage: runbook-bench SITE-COPY [runs]\n(the site is edited: pass a copy)\n".utf8))
    exit(2)
}
let root = arguments[1]
let runs = arguments.count > 2 ? Int(arguments[2]) ?? 15 : 15
let (config, _) = ConfigLoader.load(sourceDirectory: root)
var options = BuildOptions(sourceDirectory: root)
options.severity = SeverityPolicy(overrides: ["rule-not-found": .warning])
let session = BuildSession(config: config, options: options)

func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted.isEmpty ? 0 : sorted[sorted.count / 2]
}
func edit(_ path: String, _ change: (String) -> String) {
    let full = root + "/" + path
    let text = (try? String(contentsOfFile: full, encoding: .utf8)) ?? ""
    FileManager.default.createFile(atPath: full, contents: Data(change(text).utf8))
}

let clock = ContinuousClock()
// RUNBOOK_BENCH_PROFILE=noop|body|title|titles|rule|alert: only that case, many times, for a profiler.
if let profile = ProcessInfo.processInfo.environment["RUNBOOK_BENCH_PROFILE"] {
    _ = session.build()
    let pages = (FileManager.default.enumerator(atPath: root + "/content")?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".md") && !$0.hasSuffix("_index.md") }.sorted().map { "content/" + $0 }
    let page = pages.first ?? ""
    let rule = (FileManager.default.enumerator(atPath: root + "/rules")?.allObjects as? [String] ?? [])
        .filter { $0.hasSuffix(".yml") }.sorted().first.map { "rules/" + $0 } ?? ""
    for run in 0..<runs {
        // The file each case edits; none for `noop`.
        let changed: String? = switch profile {
        case "body", "title": page
        case "titles": pages[(run * 53) % pages.count]
        case "rule", "alert": rule
        default: nil
        }
        if let changed {
            edit(changed) { text in
                switch profile {
                case "body": text + "\nEdited \(run).\n"
                case "rule": text + "\n# edited \(run)\n"
                case "alert": text.replacingOccurrences(of: "severity: ", with: "severity: x")
                default: text.replacingOccurrences(of: "title: ", with: "title: X")
                }
            }
        }
        _ = session.rebuild(changed: changed.map { [$0] } ?? [])
    }
    exit(0)
}
var first = clock.measure { _ = session.build() }
print(String(format: "initial build        %8.1f ms", milliseconds(first)))
_ = first

let contentFiles = (FileManager.default.enumerator(atPath: root + "/content")?.allObjects as? [String] ?? [])
    .filter { $0.hasSuffix(".md") && !$0.hasSuffix("_index.md") }.sorted()
let ruleFiles = (FileManager.default.enumerator(atPath: root + "/rules")?.allObjects as? [String] ?? [])
    .filter { $0.hasSuffix(".yml") }.sorted()

var bodyTimes: [Double] = []
var changedCounts: [Int] = []
for run in 0..<runs {
    let page = "content/" + contentFiles[(run * 37) % contentFiles.count]
    edit(page) { $0 + "\nEdited line \(run).\n" }
    var update: BuildSession.Update?
    bodyTimes.append(milliseconds(clock.measure { update = session.rebuild(changed: [page]) }))
    changedCounts.append(update?.changedPaths.count ?? 0)
}
print(String(format: "one-page body edit   %8.1f ms median (%d runs, %d files changed each)", median(bodyTimes), runs, changedCounts.max() ?? 0))

var ruleTimes: [Double] = []
var ruleChanged: [Int] = []
for run in 0..<max(3, runs / 3) {
    let file = "rules/" + ruleFiles[(run * 7) % ruleFiles.count]
    edit(file) { $0 + "\n# edited \(run)\n" }
    var update: BuildSession.Update?
    ruleTimes.append(milliseconds(clock.measure { update = session.rebuild(changed: [file]) }))
    ruleChanged.append(update?.changedPaths.count ?? 0)
}
print(String(format: "rule file edit       %8.1f ms median (%d files changed at most)", median(ruleTimes), ruleChanged.max() ?? 0))

// An edit that changes what pages show: one alert's severity label.
var alertTimes: [Double] = []
var alertChanged: [Int] = []
for run in 0..<max(3, runs / 3) {
    let file = "rules/" + ruleFiles[(run * 11) % ruleFiles.count]
    edit(file) { text in
        guard let range = text.range(of: "severity: ") else { return text }
        return text.replacingCharacters(in: range, with: "severity: x")
    }
    var update: BuildSession.Update?
    alertTimes.append(milliseconds(clock.measure { update = session.rebuild(changed: [file]) }))
    alertChanged.append(update?.changedPaths.count ?? 0)
}
print(String(format: "one alert's label    %8.1f ms median (%d files changed at most)", median(alertTimes), alertChanged.max() ?? 0))

var titleTimes: [Double] = []
var titleChanged: [Int] = []
for run in 0..<max(3, runs / 3) {
    let page = "content/" + contentFiles[(run * 53) % contentFiles.count]
    edit(page) { $0.replacingOccurrences(of: "title: ", with: "title: X") }
    var update: BuildSession.Update?
    titleTimes.append(milliseconds(clock.measure { update = session.rebuild(changed: [page]) }))
    titleChanged.append(update?.changedPaths.count ?? 0)
    if ProcessInfo.processInfo.environment["RUNBOOK_BENCH_STAGES"] != nil, let timings = update?.result.timings {
        print("  title edit stages:", timings.map { "\($0.0) \(Int($0.1 * 1000)) ms" }.joined(separator: ", "))
    }
}
print(String(format: "title edit           %8.1f ms median (%d files changed at most)", median(titleTimes), titleChanged.max() ?? 0))

var noopTimes: [Double] = []
for _ in 0..<runs { noopTimes.append(milliseconds(clock.measure { _ = session.rebuild(changed: []) })) }
print(String(format: "no-change rebuild    %8.1f ms median", median(noopTimes)))
