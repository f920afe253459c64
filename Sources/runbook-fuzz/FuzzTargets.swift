// Internal readers are reached through `@testable import`, which needs a debug build (`make
// fuzz` builds one); a release build of the package gets an empty list instead.
#if DEBUG || FUZZING
@testable import RunbookKit
import Yams
import Glibc

/// The fuzz targets: each takes arbitrary bytes and must neither crash nor hang; a target that
/// can tell a wrong answer (two readers disagreeing, a refused path that should pass) traps
/// with a message so libFuzzer keeps the input. `make fuzz` runs each in turn.
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [
        "front-matter": frontMatter,
        "toml": toml,
        "shortcodes": shortcodes,
        "markdown": markdown,
        "rules": rules,
        "request-path": requestPath,
        "output-path": outputPath,
        "build-state": buildState,
    ]

    /// Differential: the fast reader for plain front matter and Yams must agree on every text
    /// the fast reader accepts (it declines the rest), and the whole front-matter reader
    /// (YAML and TOML) must not crash.
    static func frontMatter(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        if let simple = SimpleYAML.parse(Substring(text)) {
            let composed: Node?
            do {
                composed = try composeYAML(text)
            } catch {
                fail("SimpleYAML accepted what Yams rejects (\(error.message)): \(text.debugDescription)")
            }
            var yams: [(key: String, value: DataValue, line: Int)] = []
            switch composed {
            case .mapping(let mapping)?:
                for (key, value) in mapping { yams.append((key.string ?? "\(key)", DataValue(yaml: value), key.mark?.line ?? 1)) }
            case let node? where !isNullNode(node):
                fail("SimpleYAML read a mapping where Yams reads \(node): \(text.debugDescription)")
            default:
                break
            }
            let fast = simple.map { ($0.key, $0.value, $0.line) }
            guard fast.count == yams.count, zip(fast, yams).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 && $0.2 == $1.2 }) else {
                fail("SimpleYAML and Yams disagree on \(text.debugDescription):\n  fast \(fast)\n  yams \(yams)")
            }
        }
        for fence in ["---\n", "+++\n"] {
            let page = fence + text + "\n" + fence + "body\n"
            if let block = try? FrontMatterBlock.split(page) { _ = FrontMatterParser.parse(block, file: "fuzz.md") }
        }
    }

    /// The TOML reader alone (TOMLKit's toml++ with the header check in front): toml++ aborts
    /// on some inputs it asserts against, so every text must come back as a table or an error.
    static func toml(_ data: [UInt8]) {
        _ = try? TOMLReader.entries(String(decoding: data, as: UTF8.self))
    }

    /// The shortcode scanner, then the expander over a site with one rule file: every piece
    /// lies inside the text and in order, and every Markdown line maps to a line of the file.
    static func shortcodes(_ data: [UInt8]) {
        let pieces = ShortcodeScanner(data).scan()
        var end = 0
        for piece in pieces {
            let range: Range<Int>
            switch piece {
            case .text(let r), .literal(_, let r), .malformed(_, let r): range = r
            case .shortcode(let tag): range = tag.range
            }
            guard range.lowerBound >= end, range.upperBound <= data.count else {
                fail("scanner piece \(range) out of order or outside \(data.count) bytes")
            }
            end = range.upperBound
        }
        let text = String(decoding: data, as: UTF8.self)
        let expanded = Fixture.expander.expand(body: Substring(text), firstLine: 3)
        let lines = expanded.markdown.utf8.count { $0 == UInt8(ascii: "\n") } + 1
        for line in 1...lines {
            let fileLine = expanded.fileLine(forMarkdownLine: line)
            guard fileLine >= 1 else { fail("Markdown line \(line) maps to file line \(fileLine)") }
        }
    }

    /// A whole page: front matter, shortcodes, every Markdown transform and the lint link
    /// inventory, on arbitrary bytes.
    static func markdown(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let (page, _) = PageReader.read(SourceFile(path: "content/fuzz/page.md", contentPath: "fuzz/page.md", text: text))
        let expander = ShortcodeExpander(file: "content/fuzz/page.md", contentPath: page.contentPath,
                                         frontMatter: page.frontMatter, environment: Fixture.environment)
        let expanded = expander.expand(body: page.body, firstLine: page.bodyFirstLine)
        var embeds: [String: String] = [:]
        for number in expanded.embeds.indices { embeds[expanded.placeholder(number)] = "<div class=\"rule\">rule</div>" }
        let rendered = MarkdownRenderer.render(expanded, file: "content/fuzz/page.md", embeds: embeds) { destination in
            destination.hasSuffix(".md") ? "/" + destination.dropLast(3) + "/" : nil
        }
        let content = RenderedPage(expanded: expanded, markdown: rendered)
        let links = PageLinkInventory.links(of: page, content: content)
        for link in links where link.line < 1 || link.column < 1 {
            fail("link \(link.destination) placed at \(link.line):\(link.column)")
        }
        var ids = Set<String>()
        for heading in rendered.headings where !ids.insert(heading.id).inserted {
            fail("two headings share the id \(heading.id)")
        }
        _ = HTMLAttributeScanner.anchorNames(in: rendered.html)
    }

    /// A rule file: diagnostics, never a trap.
    static func rules(_ data: [UInt8]) {
        let text = String(decoding: data, as: UTF8.self)
        let file = RuleFileParser.parse(text: text, file: "fuzz.yml", sourcePath: "rules/fuzz.yml")
        for rule in file.rules where rule.line < 1 { fail("rule \(rule.name) at line \(rule.line)") }
    }

    /// The build state a cache folder holds (`BuildState`), read as the hostile bytes it may
    /// be: its parts are read back, and a search state that reads is updated and written again.
    /// Whatever reads saves to bytes that read back to the same thing (saved again, equal).
    static func buildState(_ data: [UInt8]) {
        func searchSaved(_ bytes: [UInt8]) -> [UInt8]? {
            var reader = ByteReader(bytes)
            guard let search = SearchIndex.State.restored(from: &reader) else { return nil }
            var writer = ByteWriter()
            search.save(into: &writer)
            return writer.bytes
        }
        if let once = searchSaved(data) {
            if searchSaved(once) != once { fail("a search state saved and read back saves other bytes") }
            var reader = ByteReader(once)
            if let search = SearchIndex.State.restored(from: &reader), search.pageCount > 0 {
                search.replace(page: 0, with: SearchDocument(record: "{}", weights: ["fuzz": 3]))
                _ = search.files()
            }
        }
        func rulesSaved(_ bytes: [UInt8]) -> [UInt8]? {
            var reader = ByteReader(bytes)
            guard let files = RuleFile.restored(from: &reader), reader.isAtEnd else { return nil }
            var writer = ByteWriter()
            RuleFile.save(files, into: &writer)
            return writer.bytes
        }
        if let once = rulesSaved(data), rulesSaved(once) != once { fail("rule files saved and read back save other bytes") }
        if let once = BuildState.parse(data)?.serialized(), BuildState.parse(once)?.serialized() != once {
            fail("a build state saved and read back saves other bytes")
        }
    }

    /// The preview server's request paths: whatever passes has no segment that could climb,
    /// name a hidden separator or smuggle a control character.
    static func requestPath(_ data: [UInt8]) {
        let raw = String(decoding: data, as: UTF8.self)
        guard case .success(let path) = RequestPath.parse(raw) else { return }
        for segment in path.segments {
            if segment.isEmpty || segment == "." || segment == ".." || segment.contains("/") || segment.contains("\\")
                || segment.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
                fail("request path \(raw.debugDescription) passed with segment \(segment.debugDescription)")
            }
        }
        _ = path.siteKey
    }

    /// The output-path gate: whatever URL it accepts must map to a file inside the destination.
    static func outputPath(_ data: [UInt8]) {
        let raw = String(decoding: data, as: UTF8.self)
        guard case .success(let file) = OutputPath.file(forURL: raw) else { return }
        if !OutputPath.isContained(file) {
            fail("URL \(raw.debugDescription) passed the gate as \(file.debugDescription), which leaves the destination")
        }
    }

    /// A broken property: the fuzzer must stop with a crash so libFuzzer keeps the input. This
    /// runs only in the fuzz harness, never on a user's site.
    static func fail(_ message: String) -> Never {
        print("FUZZ FINDING: \(message)")
        fflush(nil)  // every stream: the message must reach the log before the abort
        abort()
    }
}

/// A small site the shortcode and Markdown targets expand against: one rule file with two
/// alerts, a page resolver that knows one page, and a few site parameters.
enum Fixture {
    static let ruleText = """
        groups:
          - name: example
            rules:
              - alert: HostDown
                expr: up == 0
                for: 5m
                labels:
                  severity: critical
                annotations:
                  summary: Host down
                  runbook: https://runbooks.example.org/runbooks/host-down/
              - alert: DiskFull
                expr: node_filesystem_avail_bytes < 1e9
        """

    static let environment = ShortcodeEnvironment(
        rules: RuleIndex(files: [RuleFileParser.parse(text: ruleText, file: "example.yml", sourcePath: "rules/example.yml")]),
        resolvePage: { target, _ in target.hasSuffix(".md") ? "/docs/" + target.dropLast(3) + "/" : nil },
        origin: "https://runbooks.example.org",
        siteParams: .map([(key: "oncallChannel", value: .string("#oncall")), (key: "html", value: .string("<b>x</b>"))]))

    static let expander = ShortcodeExpander(file: "content/fuzz.md", contentPath: "fuzz.md", frontMatter: FrontMatter(),
                                            environment: environment)
}
#else
enum FuzzTargets {
    static let all: [String: @Sendable ([UInt8]) -> Void] = [:]
}
#endif
