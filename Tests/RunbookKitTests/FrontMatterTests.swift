import PropertyBased
import Testing
@testable import RunbookKit

@Suite struct FrontMatterBlockTests {
    @Test func splitsYAMLAndKeepsBodyLine() throws {
        let block = try FrontMatterBlock.split("---\ntitle: A\n---\n\n# A\n---\nrule\n")
        #expect(block.text == "title: A\n")
        #expect(block.format == .yaml)
        #expect(block.bodyFirstLine == 4)
        #expect(block.body == "\n# A\n---\nrule\n")  // only the first block counts
    }

    @Test func pageWithoutFrontMatterIsAllBody() throws {
        let block = try FrontMatterBlock.split("# Title\n")
        #expect(block.text == nil)
        #expect(block.body == "# Title\n")
        #expect(block.bodyFirstLine == 1)
    }

    @Test func tomlBlock() throws {
        let block = try FrontMatterBlock.split("+++\ntitle = \"A\"\n+++\nbody")
        #expect(block.format == .toml)
        #expect(block.text == "title = \"A\"\n")
        #expect(block.body == "body")
    }

    @Test func unclosedBlockIsAnError() {
        #expect(throws: FrontMatterBlock.Problem.self) { try FrontMatterBlock.split("---\ntitle: A\n# no end\n") }
    }

    @Test func byteOrderMarkAndCRLFAreNormalisedOnLoad() throws {
        let text = SourceText.decode([0xEF, 0xBB, 0xBF] + Array("---\r\ntitle: A\r\n---\r\nbody\r\n".utf8))
        #expect(text == "---\ntitle: A\n---\nbody\n")
        let block = try FrontMatterBlock.split(text)
        #expect(block.text == "title: A\n")
    }
}

@Suite struct FrontMatterParserTests {
    private func parse(_ text: String) -> (FrontMatter, [Diagnostic]) {
        let block = (try? FrontMatterBlock.split(text)) ?? FrontMatterBlock(text: nil, format: nil, firstLine: 1, body: "", bodyFirstLine: 1)
        return FrontMatterParser.parse(block, file: "content/a.md")
    }

    @Test func wikiJSKeys() {
        let (matter, problems) = parse("""
            ---
            title: HaproxyDown
            description: Troubleshooting
            #published: true
            date: 2023-12-12T21:12:32.022Z
            tags:
              - LGTM
              - generated
            editor: markdown
            dateCreated: 2020-04-10T18:32:27.079Z
            ---
            """)
        #expect(problems.isEmpty)
        #expect(matter.title == "HaproxyDown")
        #expect(matter.tags == ["LGTM", "generated"])
        #expect(matter.date?.dateString == "2023-12-12")
        #expect(matter.date?.w3cString == "2023-12-12T21:12:32Z")
        #expect(matter.dateCreated?.dateString == "2020-04-10")
        #expect(matter.entry("tags")?.line == 6)
    }

    @Test func hugoAndBookKeys() {
        let (matter, _) = parse("---\nweight: 3\ndraft: true\naliases: [/old/]\nslug: x\nurl: /y/\nbookHidden: true\nbookCollapseSection: true\n---\n")
        #expect(matter.weight == 3)
        #expect(matter.isDraft)
        #expect(matter.aliases == ["/old/"])
        #expect(matter.slug == "x")
        #expect(matter.url == "/y/")
        #expect(matter.bookHidden && matter.bookCollapseSection)
    }

    @Test func invalidYAMLIsReportedAtItsLineInThePage() {
        let (_, problems) = parse("---\ntitle: A\ntags: [a, b\n---\n")
        #expect(problems.count == 1)
        #expect(problems[0].code == .frontMatterInvalid)
        #expect(problems[0].location?.file == "content/a.md")
        #expect(problems[0].location?.line == 4)
    }

    @Test func wrongTypesAreNotedAndUnderstoodWherePossible() {
        let (matter, problems) = parse("---\nweight: \"5\"\ntags: single\ndate: yesterday\n---\n")
        #expect(matter.weight == 5)
        #expect(matter.tags == ["single"])
        #expect(matter.date == nil)
        #expect(problems.map(\.code) == [.frontMatterType, .frontMatterType, .frontMatterType])
        #expect(problems.map { $0.location?.line } == [2, 3, 4])
    }

    @Test func tomlFrontMatter() {
        let (matter, problems) = parse("+++\ntitle = \"T\"\nweight = 2\ntags = [\"a\", \"b\"]\n[params]\nowner = \"x\"\n+++\n")
        #expect(problems.isEmpty)
        #expect(matter.title == "T")
        #expect(matter.weight == 2)
        #expect(matter.tags == ["a", "b"])
        #expect(matter.entry("params")?.value.value(forKey: "owner")?.text == "x")
    }
}

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2023-12-12T21:12:32.022Z", "2023-12-12T21:12:32Z"),
        ("2024-01-31", "2024-01-31"),
        ("2024-01-31 10:00:00 +02:00", "2024-01-31T08:00:00Z"),
        ("2024-02-29T23:30:00-01:00", "2024-03-01T00:30:00Z"),
    ])
    func parsesCommonForms(text: String, w3c: String) {
        #expect(Timestamp.parse(text)?.w3cString == w3c)
    }

    @Test(arguments: ["", "2023-13-01", "2023-02-30", "yesterday", "2023-01-01T25:00"])
    func rejectsNonDates(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    /// Years, months and days are padded with zeros to their width, as interpolation did.
    @Test func padsEveryField() {
        #expect(Timestamp.parse("0099-01-02")?.dateString == "0099-01-02")
        #expect(Timestamp.parse("0005-03-04T05:06:07Z")?.w3cString == "0005-03-04T05:06:07Z")
        #expect(Timestamp.parse("2024-10-31T10:09:08Z")?.dateString == "2024-10-31")
    }
}

/// Paths are joined over bytes; a slash with a combining mark after it (another Character)
/// is not taken for an absolute path or a trailing separator, as `hasPrefix` decided.
@Suite struct JoinPathTests {
    @Test(arguments: [
        ("a", "b", "a/b"), ("a/", "b", "a/b"), ("", "b", "b"), ("a", "", "a"), ("a", "/b", "/b"),
        ("content/x", "y/z.md", "content/x/y/z.md"), ("a", "/\u{301}b", "a//\u{301}b"), ("é", "ü", "é/ü"),
        ("/", "x", "/x"),
    ])
    func joins(base: String, relative: String, joined: String) {
        #expect(joinPath(base, relative) == joined)
    }
}

/// The split walks UTF-8 bytes; it must cut where the walk over Characters it replaced cut,
/// `\r\n` (one Character) and combining marks after a delimiter included.
@Suite struct FrontMatterBlockByteSplitTests {
    static let pieces = ["---", "+++", "...", "-", "\n", "\r\n", "\r", " ", "\t", "\u{301}", "title: A", "é", "\u{2028}", "x"]

    @Test func bytesMatchTheCharacterWalk() async {
        let generator = Gen<String?>.element(of: Self.pieces).array(of: 0...10).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 4000, input: generator) { text in
            let bytes = try? FrontMatterBlock.split(text)
            let characters = Self.splitByCharacters(text)
            #expect(bytes?.text == characters?.text, "\(Array(text.unicodeScalars))")
            #expect(bytes?.body == characters?.body, "\(Array(text.unicodeScalars))")
            #expect(bytes?.bodyFirstLine == characters?.bodyFirstLine, "\(Array(text.unicodeScalars))")
            #expect(bytes?.format == characters?.format, "\(Array(text.unicodeScalars))")
        }
    }

    /// `FrontMatterBlock.split` as it was written over Characters (nil: unclosed).
    static func splitByCharacters(_ source: String) -> (text: Substring?, format: FrontMatterBlock.Format?, body: Substring, bodyFirstLine: Int)? {
        func isDelimiter(_ line: Substring, _ marker: String) -> Bool {
            guard line.hasPrefix(marker) else { return false }
            return line.dropFirst(marker.count).allSatisfy { $0 == " " || $0 == "\t" }
        }
        let text = Substring(source)
        let format: FrontMatterBlock.Format
        if isDelimiter(text.prefix { $0 != "\n" }, "---") {
            format = .yaml
        } else if isDelimiter(text.prefix { $0 != "\n" }, "+++") {
            format = .toml
        } else {
            return (nil, nil, text, 1)
        }
        let marker = format == .yaml ? "---" : "+++"
        guard let firstNewline = text.firstIndex(of: "\n") else { return nil }
        var lineStart = text.index(after: firstNewline)
        let contentStart = lineStart
        var line = 2
        while lineStart < text.endIndex {
            let lineEnd = text[lineStart...].firstIndex(of: "\n") ?? text.endIndex
            let current = text[lineStart..<lineEnd]
            if isDelimiter(current, marker) || (format == .yaml && isDelimiter(current, "...")) {
                let bodyStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
                return (text[contentStart..<lineStart], format, text[bodyStart...], line + 1)
            }
            lineStart = lineEnd < text.endIndex ? text.index(after: lineEnd) : text.endIndex
            line += 1
        }
        return nil
    }
}
