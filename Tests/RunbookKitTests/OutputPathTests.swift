import Foundation
import Testing
import PropertyBased
@testable import RunbookKit
import RunbookTestSupport

/// The output gate on its own: every URL from user data is normalised or refused.
@Suite struct OutputPathTests {
    @Test func normalisesHarmlessForms() throws {
        #expect(try OutputPath.normalisedURL("/runbooks/x/").get() == "/runbooks/x/")
        #expect(try OutputPath.normalisedURL("/a/./b//c/").get() == "/a/b/c/")
        #expect(try OutputPath.normalisedURL("/a/../b/").get() == "/b/")
        #expect(try OutputPath.normalisedURL("/a/..").get() == "/")
        #expect(try OutputPath.normalisedURL("a\\b\\").get() == "/a/b/")
        #expect(try OutputPath.normalisedURL("/a%20b/").get() == "/a%20b/")
        #expect(try OutputPath.normalisedURL("/x/file.txt").get() == "/x/file.txt")
        #expect(try OutputPath.file(forURL: "/").get() == "index.html")
        #expect(try OutputPath.file(forURL: "/a/b/").get() == "a/b/index.html")
    }

    @Test(arguments: [
        "//x/", "/../../../x/", "/a/../../x/", "\\..\\..\\x\\", "/%2e%2e/%2E%2e/x/", "/a%2fb/", "/a%5Cb/", "/a%00/",
        "/a\u{0}b/", "/a\nb/", "javascript:alert(1)", "https://evil.example/", "/%ff/", "..", "\\\\host\\share\\",
        // A combining mark after `/` or `:` makes another Character, not another byte: the
        // file system still reads `..` and a separator, a browser still reads a scheme.
        "/../\u{301}x/", "/a/../../\u{301}x/", "javascript:\u{301}alert(1)",
    ])
    func refusesWhatLeavesTheSite(_ url: String) {
        #expect(throws: OutputPath.Refusal.self) { try OutputPath.normalisedURL(url).get() }
    }

    @Test func containedPathsAreRelativeAndPlain() {
        for path in ["", "/etc/passwd", "a/../b", "./a", "a//b", "a/", "..", "a/\u{0}", "../\u{301}x", "a/../\u{301}/b"] {
            #expect(!OutputPath.isContained(path), "\(path)")
        }
        for path in ["index.html", "a/b/index.html", "...", "a..b/c"] { #expect(OutputPath.isContained(path), "\(path)") }
    }

    /// The byte scan against the definition over scalars and segments it replaced: every
    /// string of up to four pieces from an alphabet of separators, dots, control characters
    /// in each UTF-8 length and their neighbours.
    @Test func containedPathsMatchTheDefinitionOverScalars() {
        func reference(_ path: String) -> Bool {
            func isControl(_ scalar: Unicode.Scalar) -> Bool {
                scalar.value < 0x20 || scalar.value == 0x7F || (0x80...0x9F).contains(scalar.value)
                    || scalar.value == 0x2028 || scalar.value == 0x2029
            }
            guard !path.isEmpty, !path.unicodeScalars.contains(where: isControl) else { return false }
            // Segments by byte: a combining mark after `/` does not hide the separator.
            return !path.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).contains {
                $0.isEmpty || $0.elementsEqual(".".utf8) || $0.elementsEqual("..".utf8)
            }
        }
        let alphabet = ["/", ".", "a", "\u{0}", "\u{1F}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}", "\u{2027}", "\u{2028}",
                        "\u{2029}", "\u{202A}", "\u{301}", "é"]
        var strings = [""]
        var mismatches: [String] = []
        for _ in 0..<4 {
            strings = strings.flatMap { prefix in alphabet.map { prefix + $0 } }
            for path in strings where OutputPath.isContained(path) != reference(path) { mismatches.append(path) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5).map { Array($0.unicodeScalars) })")
    }

    @Test func termsAreOneFolderUnderTheirTaxonomy() throws {
        #expect(try OutputPath.termURL(taxonomy: "tags", key: "node-exporter").get() == "/tags/node-exporter/")
        for key in ["..", ".", "a/../..", "a//b", "../x"] {
            #expect(throws: OutputPath.Refusal.self, "\(key)") { try OutputPath.termURL(taxonomy: "tags", key: key).get() }
        }
    }

    /// Strings made of the pieces attackers use; whatever the gate accepts stays inside.
    static let pieces = ["..", ".", "/", "//", "\\", "%2e", "%2E%2e", "%2f", "%5c", "%00", "%", "%zz", "a", "b", "é", ":",
                         "~", " ", "\u{0}", "\n", "index.html", "http:", "%c3%a9", "%ff"]

    @Test func noGeneratedURLEscapesTheDestination() async {
        let generator = Gen<String?>.element(of: Self.pieces).array(of: 0...12).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: generator) { url in
            guard case .success(let normalised) = OutputPath.normalisedURL(url) else { return }
            #expect(normalised.hasPrefix("/") && !normalised.hasPrefix("//"), "\(url) → \(normalised)")
            guard case .success(let file) = OutputPath.file(forURL: url) else {
                Issue.record("accepted URL without a file: \(url)")
                return
            }
            #expect(OutputPath.isContained(file), "\(url) → \(file)")
            #expect(absolutePath(file, relativeTo: "/dest").hasPrefix("/dest/"), "\(url) → \(file)")
            for segment in file.split(separator: "/") {
                let decoded = OutputPath.percentDecoded(segment) ?? ""
                #expect(decoded != "." && decoded != ".." && !decoded.contains("/") && !decoded.contains("\u{0}"), "\(url) → \(file)")
            }
        }
    }

    @Test func noGeneratedAliasOrTermEscapes() async {
        let generator = Gen<String?>.element(of: Self.pieces).array(of: 1...8).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 100, input: generator) { text in
            let site = TestSite("-- content/runbooks/a/page.md --\n---\ntitle: P\naliases: [\(jsonString(text))]\ntags: [\(jsonString(text))]\n---\nx\n")
            let result = site.build()
            for file in result.outputs {
                #expect(OutputPath.isContained(file.path), "\(text) → \(file.path)")
            }
            let paths = result.outputs.map(\.path)
            #expect(Set(paths).count == paths.count)
        }
    }
}

/// The gate in whole builds: each attack from issue 13 is a located error, and nothing escapes.
@Suite struct OutputGateSiteTests {
    func build(_ page: String, extra: String = "") -> BuildResult {
        TestSite("-- content/_index.md --\n---\ntitle: Home\n---\nHome.\n-- content/other.md --\n---\ntitle: Other\n---\nOther.\n"
                 + "-- content/a.md --\n" + page + extra).build()
    }

    func only(_ result: BuildResult, _ code: DiagnosticCode) -> [Diagnostic] { result.diagnostics.filter { $0.code == code } }

    func expectLocated(_ diagnostics: [Diagnostic], file: String = "content/a.md", line: Int, column: Int = 1,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        #expect(diagnostics.count == 1, sourceLocation: sourceLocation)
        #expect(diagnostics.first?.location?.file == file, sourceLocation: sourceLocation)
        #expect(diagnostics.first?.location?.line == line, sourceLocation: sourceLocation)
        #expect(diagnostics.first?.location?.column == column, sourceLocation: sourceLocation)
        #expect(diagnostics.first?.severity == .error, sourceLocation: sourceLocation)
    }

    @Test func aSchemeRelativeURLIsRefusedAndThePageKeepsItsOwnURL() {
        let result = build("---\ntitle: A\nurl: //x/\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(only(result, .urlInvalid).first?.message.contains("`url` gives the URL '//x/'") == true)
        #expect(result.file("a/index.html") != nil)
        #expect(!result.outputs.contains { $0.path.hasPrefix("x/") })
    }

    @Test func aURLThatClimbsOutIsRefused() {
        let result = build("---\ntitle: A\nurl: /../../../x/\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(result.outputs.allSatisfy { OutputPath.isContained($0.path) })
    }

    /// `/` + U+0301 is one Character: a Character split saw one harmless segment `../́x`, the
    /// file system sees `..` and `́x`.
    @Test func aURLThatClimbsOutBehindACombiningMarkIsRefused() {
        let result = build("---\ntitle: A\nurl: \"/../\\u0301x/\"\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(result.outputs.allSatisfy { OutputPath.isContained($0.path) && !$0.path.hasPrefix("..") })
    }

    @Test func aTagThatClimbsOutBehindACombiningMarkIsRefused() {
        let result = build("---\ntitle: A\ntags: [\"../\\u0301t\"]\n---\nA.\n")
        #expect(only(result, .urlInvalid).count == 1)
        #expect(!result.outputs.contains { !$0.path.hasPrefix("tags/") && $0.path.hasSuffix("t/index.html") })
    }

    @Test func aSlugThatClimbsOutIsRefused() {
        let result = build("---\ntitle: A\nslug: ../../x\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(result.file("a/index.html") != nil)
    }

    @Test func aFileNameThatDecodesToDotDotIsLeftOutWithAnError() {
        let result = build("---\ntitle: A\n---\nA.\n", extra: "-- content/%2e%2e.md --\n---\ntitle: Dots\n---\nD.\n")
        expectLocated(only(result, .urlInvalid), file: "content/%2e%2e.md", line: 1)
        #expect(!result.site.pages.contains { $0.contentPath == "%2e%2e.md" })
        #expect(result.outputs.allSatisfy { OutputPath.isContained($0.path) })
    }

    @Test func harmlessURLsAreTidied() {
        let result = build("---\ntitle: A\nurl: /docs/./a//b\n---\nA.\n")
        #expect(only(result, .urlInvalid).isEmpty)
        #expect(result.file("docs/a/b/index.html") != nil)
    }

    @Test func badAliasesAreRefusedAtTheirKey() {
        let result = build("---\ntitle: A\naliases: [\"/../../../x/\", \"//evil/\", \"../../../y\", /ok/]\n---\nA.\n")
        let invalid = only(result, .urlInvalid)
        #expect(invalid.count == 3)
        #expect(invalid.allSatisfy { $0.location?.file == "content/a.md" && $0.location?.line == 3 && $0.location?.column == 1 })
        #expect(result.file("ok/index.html")?.contains("/a/") == true)
        #expect(result.outputs.allSatisfy { OutputPath.isContained($0.path) })
    }

    @Test func aTagOfDotDotNoLongerOverwritesTheHomePage() {
        let result = build("---\ntitle: A\ntags: ['..']\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(result.file("index.html")?.contains("Home.") == true)
        #expect(result.site.tags.isEmpty)
    }

    @Test func aTagOfDotNoLongerReplacesTheTagsIndex() {
        let result = build("---\ntitle: A\ntags: [ok, '.']\n---\nA.\n")
        expectLocated(only(result, .urlInvalid), line: 3)
        #expect(result.site.tags.map(\.url) == ["/tags/ok/"])
        #expect(result.file("tags/index.html")?.contains("/tags/ok/") == true)
    }

    @Test func anAliasOverAnotherPageIsAConflictNamingBoth() {
        let result = build("---\ntitle: A\naliases: [/other/]\n---\nA.\n")
        let conflicts = only(result, .urlConflict)
        expectLocated(conflicts, line: 3)
        #expect(conflicts.first?.message == "alias /other/ of content/a.md and page content/other.md would both be written to other/index.html; change one so each file has one source")
    }

    @Test func anAliasOverTheSitemapIsAConflict() {
        let result = build("---\ntitle: A\naliases: [/sitemap.xml]\n---\nA.\n")
        let conflicts = only(result, .urlConflict)
        #expect(conflicts.count == 1)
        #expect(conflicts.first?.message.contains("the sitemap") == true)
    }

    @Test func aStaticFileOverAPageIsAConflict() {
        let result = build("---\ntitle: A\n---\nA.\n", extra: "-- content/a/index.html --\n<p>static</p>\n")
        let conflicts = only(result, .urlConflict)
        #expect(conflicts.count == 1)
                #expect(conflicts.first?.message.contains("/content/a/index.html and page content/a.md would both be written to a/index.html") == true)
    }

    @Test func anInvalidAlertsPageSettingIsRefused() {
        let site = TestSite("""
            -- config.yaml --
            runbook:
              alertsPage: /../../x/
            -- rules/r.yml --
            groups:
              - name: g
                rules:
                  - alert: A
                    expr: up == 0
            -- content/a.md --
            ---
            title: A
            ---
            A.
            """)
        let result = site.build()
        #expect(result.diagnostics.contains { $0.code == .urlInvalid && $0.location?.file == "config.yaml" })
    }
}
