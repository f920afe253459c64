import PropertyBased
import Testing
@testable import RunbookKit

@Suite struct HugoPathTests {
    @Test(arguments: [
        ("MysqlTooManyConnections(>80%)", "mysqltoomanyconnections80"),
        ("SslCertificateExpiry(<7Days)", "sslcertificateexpiry7days"),
        ("HaproxyBackendMaxActiveSession>80%", "haproxybackendmaxactivesession80"),
        ("IF-MIB", "if-mib"),
        ("apcupsd_exporter", "apcupsd_exporter"),
        ("Node Exporter  Guide", "node-exporter-guide"),
        ("100%25done", "100%25done"),
        ("Café", "café"),
    ])
    func urlSegments(name: String, segment: String) {
        #expect(HugoPath.urlSegment(name) == segment)
    }

    @Test func pageURLs() {
        let matter = FrontMatter()
        #expect(PageReader.pageURL(kind: .page, directory: "runbooks/mysqld-exporter", baseName: "MysqlTooManyConnections(>80%)", frontMatter: matter)
                == "/runbooks/mysqld-exporter/mysqltoomanyconnections80/")
        #expect(PageReader.pageURL(kind: .section, directory: "runbooks/snmptrap/IF-MIB", baseName: "_index", frontMatter: matter)
                == "/runbooks/snmptrap/if-mib/")
        #expect(PageReader.pageURL(kind: .home, directory: "", baseName: "_index", frontMatter: matter) == "/")
        var slugged = FrontMatter()
        slugged.slug = "Escalation Policy"
        #expect(PageReader.pageURL(kind: .page, directory: "guide", baseName: "x", frontMatter: slugged) == "/guide/escalation-policy/")
        var explicit = FrontMatter()
        explicit.url = "old/place"
        #expect(PageReader.pageURL(kind: .page, directory: "guide", baseName: "x", frontMatter: explicit) == "/old/place/")
    }
}

@Suite struct HeadingSlugTests {
    @Test(arguments: [
        ("Meaning", "meaning"),
        ("Step 1: Check the logs", "step-1-check-the-logs"),
        ("IF-MIB::linkDown", "if-miblinkdown"),
        ("What’s `up`?", "whats-up"),
        ("  spaced  ", "spaced"),
        ("snake_case", "snake_case"),
    ])
    func slugs(text: String, slug: String) {
        #expect(HeadingSlug.slug(text) == slug)
    }

    @Test func theASCIIWalkMatchesTheScalarWalk() {
        var generator = PatchedBuildRandomEditTests.Seeded(state: 7)
        for _ in 0..<3000 {
            let length = Int(generator.next() % 24)
            let text = String(decoding: (0..<length).map { _ in UInt8(generator.next() % 128) }, as: UTF8.self)
            #expect(HeadingSlug.slug(text) == HeadingSlug.scalarSlug(text), "\(Array(text.utf8))")
        }
    }

    @Test func repeatsGetNumbers() {
        var allocator = HeadingSlug.Allocator()
        #expect(allocator.allocate("a").id == "a")
        #expect(allocator.allocate("a") == ("a-1", true))
        #expect(allocator.allocate("a-1").id == "a-1-1")
        #expect(allocator.allocate("a").id == "a-2")
    }
}

@Suite struct SuggestionTests {
    @Test func closeNamesAreSuggested() {
        #expect(closestMatch(to: "ProxmoxDiskTargetLost", in: ["ProxmoxGuestTargetLost", "ProxmoxNodeDown"]) == "ProxmoxGuestTargetLost")
        #expect(closestMatch(to: "rule-not-fond", in: DiagnosticCode.allCases.map(\.rawValue)) == "rule-not-found")
        #expect(closestMatch(to: "Completely", in: ["Different"]) == nil)
    }
}

@Suite struct PageReaderPathTests {
    /// The byte walk gives what `split(separator: "/").last` gives.
    @Test(arguments: ["", "/", "///", "a", "a/b", "a/b/", "a//b//", "/a", "dir/README.md", "x/_index.md", "é/b", "a/\u{301}b", "a\r\n/b"])
    func lastComponentMatchesTheSplit(path: String) {
        #expect(PageReader.lastComponent(path) == path.split(separator: "/").last)
        #expect(PageReader.lastComponent(path).map { Array($0.utf8) } == path.split(separator: "/").last.map { Array($0.utf8) })
    }
}

/// The byte scans of path components agree with the Character-based answers they replace.
@Suite struct PathComponentTests {
    static let paths = ["", "/", "//", "a", "a/", "/a", "a//b", "runbooks/x/Y.md", "runbooks/x/", "/abs/path/file.md",
                        "é/ü.md", "a/\u{301}b", "a/b\u{301}/c", "dir\u{301}/x", "x/_index.md", "a/b//"]

    @Test(arguments: paths) func componentsMatchSplitting(_ path: String) {
        #expect(PageReader.lastComponent(path) == path.split(separator: "/").last)
        #expect(PageReader.firstComponent(path) == path.split(separator: "/").first)
    }

    /// The file system's reading: everything before the last `/` byte, even when a combining
    /// mark follows that `/` (a Character scan does not see it as a separator).
    @Test(arguments: paths) func parentPathCutsAtTheLastSlashByte(_ path: String) {
        let bytes = Array(path.utf8)
        let expected: String
        if let slash = bytes.lastIndex(of: UInt8(ascii: "/")) {
            expected = slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
        } else {
            expected = ""
        }
        #expect(parentPath(path) == expected)
        #expect(pathSegments(path, omittingEmpty: false).map { Array($0.utf8) }
            == bytes.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).map(Array.init))
    }
}

@Suite struct SuffixTests {
    @Test(arguments: ["a.md", "A.MD", "x/y.Md", "md", ".md", "a.mdx", "a.m", "", "é.MD", "a.md\u{301}", "a.yml", "b.YAML"])
    func theByteSuffixMatchesLowercasing(_ path: String) {
        for suffix in [".md", ".yml", ".yaml"] {
            #expect(path.hasSuffixIgnoringASCIICase(suffix) == path.lowercased().hasSuffix(suffix))
        }
    }
}

@Suite struct HTMLEscapingTests {
    /// The character-by-character escaping the byte version replaced.
    static func reference(_ text: String) -> String {
        replacingScalars(text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\"": "&quot;"
            case "'": "&#39;"
            default: nil
            }
        }
    }

    @Test(arguments: ["", "plain", "a<b>&\"c\"'d'", "é<ü>", "🚨 rate > 0.5 & up == 0", "e\u{301}<", "<\u{301}>", "&amp;", "日本語 'x'"])
    func escapingMatchesTheReference(_ text: String) {
        #expect(escapeHTML(text) == Self.reference(text))
        #expect(escapeHTML(text[...]) == Self.reference(text))
        var out = Array("x".utf8)
        appendEscapedHTML(text, to: &out)
        #expect(out == Array(("x" + Self.reference(text)).utf8))
    }

    static let pieces = ["&", "<", ">", "\"", "'", "a", "plain words here", "eight!!!", "é", "😀", " ", "&amp;"]

    /// Escaping takes eight bytes a step past plain text: the specials must be found wherever they fall.
    @Test func escapingAtEveryOffsetMatchesTheReference() async {
        let text = Gen<String?>.element(of: Self.pieces).array(of: 0...16).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: text) { text in
            #expect(escapeHTML(text) == Self.reference(text), "\(text.debugDescription)")
            var out: [UInt8] = []
            appendEscapedHTML(text, to: &out)
            #expect(out == Array(Self.reference(text).utf8))
        }
    }
}

@Suite struct DecimalTests {
    @Test(arguments: [0, 7, 9, 10, 42, 99, 100, 1_000, -1, -9, -42, -100, Int.max, Int.min])
    func appendDecimalSpellsAsString(_ value: Int) {
        var bytes = Array("x".utf8)
        appendDecimal(value, to: &bytes)
        #expect(String(decoding: bytes, as: UTF8.self) == "x" + String(value))
    }

    /// Written into a sized buffer, after what is there, with the offset after it.
    @Test(arguments: [0, 7, 9, 10, 42, 99, 100, 1_000, 12_345, -1, -9, -42, -100, Int.max, Int.min])
    func writeDecimalSpellsAsString(_ value: Int) {
        let written = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 21) { buffer -> String in
            buffer[0] = UInt8(ascii: "x")
            let end = writeDecimal(value, into: buffer, at: 1)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<end]), as: UTF8.self)
        }
        #expect(written == "x" + String(value))
    }
}

/// The byte fast paths for plain names give what the scalar walks give.
@Suite struct PlainPathFastPathTests {
    static let alphabet: [String] = ["a", "z", "A", "Q", "0", "9", ".", "/", "\\", "_", "-", "#", "+", "~", "@", " ", "%", "%4F", "é", "e\u{301}", "Ä", ":", "!", "//", "\t"]

    /// Every name of up to three pieces of the alphabet, and a seeded sample of longer ones.
    static var names: [String] {
        var names = [""]
        for a in alphabet { names.append(a); for b in alphabet { names.append(a + b) } }
        var seed: UInt64 = 0x5EED
        for _ in 0..<3000 {
            var name = ""
            for _ in 0..<(Int(seed % 7) + 1) {
                seed = seed &* 6364136223846793005 &+ 1442695040888963407
                name += alphabet[Int(seed >> 33) % alphabet.count]
            }
            names.append(name)
        }
        return names
    }

    @Test func plainNamesAgreeWithSanitize() {
        for name in Self.names {
            if let fast = HugoPath.plainLowercased(name) {
                #expect(fast == HugoPath.sanitize(name).lowercased(), "\(name.debugDescription)")
            }
            #expect(HugoPath.urlSegment(name) == HugoPath.sanitize(name).lowercased(), "\(name.debugDescription)")
        }
    }

    @Test func folderURLsAgreeWithTheSegmentWalk() {
        for name in Self.names where !name.isEmpty {
            let walked = "/" + name.split(separator: "/").map { HugoPath.sanitize(String($0)).lowercased() }.joined(separator: "/") + "/"
            #expect(PageReader.directoryURL(name) == walked, "\(name.debugDescription)")
        }
    }
}

/// `PlainScalar.integer` turns dates away at their first byte; what `Int(_:radix:)` reads
/// after the sign and prefix must still read the same.
@Suite struct PlainScalarIntegerTests {
    @Test(arguments: [("-+5", -5), ("0-5", -5), ("-_+5", -5), ("0x-5", -5), ("-0-5", 5), ("0x1F", 31), ("017", 15),
                      ("1_000", 1000), ("+_5", 5), ("0b101", 5), ("0o17", 15), ("-12", -12), ("0", 0)])
    func integersStillRead(text: String, value: Int) {
        #expect(PlainScalar.resolve(text) == .int(value))
    }

    @Test(arguments: ["2023-05-10", "2023-05-10T12:00:00Z", "12:00", "1-2", "5-", "0x", "-", "1.5", "1e3", "5\u{301}", "0X1F"])
    func otherTextIsNoInteger(text: String) {
        if case .int = PlainScalar.resolve(text) { Issue.record("\(text) read as an integer") }
    }
}
