import Foundation
import Testing
import PropertyBased
@testable import RunbookKit
import RunbookTestSupport

/// The split search index of a small site: which files it writes, and that the body text,
/// a rule's metric and annotations reach the right page with the right weight.
@Suite struct SearchIndexTests {
    static let site = SearchFixture.site(
        title: "Search Test", config: "baseURL: https://runbooks.example.org/\n",
        annotations: "          description: Volume nearly exhausted on {{ $labels.instance }}\n") + """
        -- content/_index.md --
        ---
        title: Home
        ---
        Welcome.
        -- content/node/_index.md --
        ---
        title: Node
        ---
        -- content/node/NodeFilesystemAlmostFull.md --
        ---
        title: NodeFilesystemAlmostFull
        tags: [disk]
        ---
        Rotate the journald archives first.

        Then vacuum what is left.

        {{% rule "node.yml" "NodeFilesystemAlmostFull" %}}
        -- content/node/tools.md --
        ---
        title: Disk tools
        ---
        ## Checking space

        Read node_filesystem_avail_bytes by hand with `df -h`.
        """

    /// Term → (page id → weight), from every shard the manifest lists.
    static func postings(_ result: BuildResult) throws -> [String: [Int: Int]] {
        let manifest = try #require(result.file("search-index.json"))
        let shards = try #require((try JSONSerialization.jsonObject(with: Data(manifest.utf8)) as? [String: Any])?["shards"] as? [String: Int])
        var all: [String: [Int: Int]] = [:]
        for (key, size) in shards {
            let text = try #require(result.file("search/index/\(key).json"))
            #expect(text.utf8.count == size)
            let shard = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: [Int]])
            for (term, list) in shard {
                #expect(SearchText.shardKey(term, length: key.count) == key, "\(term) in shard \(key)")
                var id = 0
                for i in stride(from: 0, to: list.count, by: 2) {
                    id += list[i]
                    all[term, default: [:]][id] = list[i + 1]
                }
            }
        }
        return all
    }

    static func pageID(_ result: BuildResult, title: String) throws -> Int {
        for id in 0..<10 {
            guard let text = result.file("search/pages/\(id).json") else { break }
            if text.hasPrefix("{\"t\":\(jsonString(title)),") { return id }
        }
        Issue.record("no search entry titled \(title)")
        return -1
    }

    @Test func writesTheManifestShardsAndOneEntryPerPage() {
        let result = TestSite(Self.site).build()
        let files = result.outputs.map(\.path).filter { $0.hasPrefix("search") }.sorted()
        // One shard per first character of the words (the rule block's text is part of the body).
        #expect(files == ["search-index.json", "search/index.html"]
            + "1 a b c d e f g h i j l m n o r s t v w y".split(separator: " ").map { "search/index/\($0).json" }
            + (0..<4).map { "search/pages/\($0).json" })
    }

    @Test func bodyMetricAndAnnotationWordsPointAtTheirPage() throws {
        let result = TestSite(Self.site).build()
        let postings = try Self.postings(result)
        let alert = try Self.pageID(result, title: "NodeFilesystemAlmostFull")
        let tools = try Self.pageID(result, title: "Disk tools")
        // A body phrase's words.
        for term in ["then", "vacuum", "what", "is", "left"] {
            #expect(postings[term]?[alert] ?? 0 >= 1, "\(term)")
            #expect(postings[term]?[tools] == nil, "\(term)")
        }
        #expect(postings["vacuum"] == [alert: 1])
        // The first paragraph stands for a missing description.
        #expect(postings["journald"] == [alert: 10])
        // The metric: the rule's own page by its expression, the other page by a mention.
        #expect(postings["node_filesystem_avail_bytes"] == [alert: 40, tools: 10])
        #expect(postings["node_filesystem_size_bytes"] == [alert: 40])
        // Annotations, labels, the alert name, functions and headings.
        #expect(postings["exhausted"] == [alert: 6])
        #expect(postings["almost"]?[alert] == 20)
        #expect(postings["nodefilesystemalmostfull"]?[alert] == 100)
        #expect(postings["critical"] == [alert: 8])
        #expect(postings["checking"] == [tools: 12])
        #expect(postings["disk"]?[alert] == 12)
        // The alert page's entry names the alert and shows its summary.
        let entry = try #require(result.file("search/pages/\(alert).json"))
        #expect(entry.contains("\"a\":\"NodeFilesystemAlmostFull\",\"v\":\"critical\""))
        #expect(entry.contains("\"m\":\"Filesystem almost out of space\""))
        #expect(entry.contains("\"x\":\"Rotate the journald archives first."))
    }

    /// Body words are counted by their bytes; spellings that are one String (a precomposed
    /// Hangul syllable and its conjoining letters) still count as one term, and a word counts
    /// up to the cap.
    @Test func bodyCountsMergeEquivalentSpellingsAndStopAtTheCap() throws {
        let precomposed = "\u{D55C}\u{D55C}", conjoining = "\u{1112}\u{1161}\u{11AB}\u{1112}\u{1161}\u{11AB}"
        #expect(precomposed == conjoining && Array(precomposed.utf8) != Array(conjoining.utf8))
        let words = String(repeating: "Zeta ", count: 14)
        let page = "\n-- content/node/counts.md --\n---\ntitle: Counts\n---\nThe summary paragraph.\n\n"
            + "\(precomposed) \(conjoining) \(precomposed) \(words)\n"
        let result = TestSite(Self.site + page).build()
        let postings = try Self.postings(result)
        let counts = try Self.pageID(result, title: "Counts")
        #expect(postings[precomposed]?[counts] == 3)
        #expect(postings["zeta"]?[counts] == SearchDocument.Weight.bodyCap * SearchDocument.Weight.body)
    }

    @Test func aBigShardSplitsByLongerPrefixes() throws {
        var words = ""
        for n in 0..<3000 { words += "node_metric_\(n) " }
        let result = TestSite(Self.site + "\n-- content/node/many.md --\n---\ntitle: Many\n---\n\(words)\n").build()
        let manifest = try #require(result.file("search-index.json"))
        #expect(manifest.contains("\"node_met\":"))
        #expect(!manifest.contains("\"n\":"))
        let postings = try Self.postings(result)
        #expect(postings["node_metric_2999"]?.count == 1)
        #expect(postings["node_filesystem_avail_bytes"]?.count == 2)
    }

    @Test func identicalInputsGiveIdenticalIndexes() {
        let first = TestSite(Self.site).build().outputs.filter { $0.path.hasPrefix("search") }
        let second = TestSite(Self.site).build().outputs.filter { $0.path.hasPrefix("search") }
        #expect(first == second)
    }

    @Test func encodedDocumentsRoundTrip() {
        let document = SearchDocument(record: "{\"t\":\"A\"}", weights: ["node_up": 40, "x:y": 3])
        let decoded = SearchDocument(encoded: document.encoded)
        #expect(decoded?.record == document.record && decoded?.weights == document.weights)
    }

    @Test func plainTextDropsTagsAndDecodesEntities() {
        #expect(SearchText.plainText(html: "<p>a&amp;b <code>x&lt;1</code></p><script>var s</script><p>c&#39;d</p>") == "a&b x<1 c'd")
        #expect(SearchText.terms("Node_Up{job=\"x\"} job:up:sum Ünïcode a") == ["node_up", "job", "job:up:sum", "ünïcode"])
    }

    /// The pieces where bytes and Characters could part: combining marks after markup and
    /// spaces, a scalar that joins the next one, U+037E (equal to `;`), Unicode spaces, entities.
    static let textPieces = ["<", ">", "&", ";", "&amp;", "&lt;", "&#x301;", "&#160;", "&nbsp;", "&#10;", "&#xZZ;", "&#1114112;",
                             "\u{301}", "\u{200D}", "\u{1F3FB}", "\u{903}", "\u{600}", "\u{37E}", " ", "\u{A0}", "\u{2028}",
                             "\u{3000}", "\r\n", "\t", "<p>", "</p>", "<script>", "</SCRIPT>", "<style x>", "</style",
                             "<Scrip", "ſ", "\u{212A}", "é", "’", "a", "B9", "node_up", "job:up", "Ünï", "😀", "x\u{FE0F}",
                             // Runs longer than a word, for the passes that take eight bytes a step.
                             "node_filesystem_avail_bytes", "Node_Filesystem_AVAIL_Bytes", "        ", "a b c d e f g h", "Text,with;punct.", "0123456789abcdef"]

    @Test func plainTextOverBytesMatchesTheCharacterWalk() async {
        let generator = Gen<String?>.element(of: Self.textPieces).array(of: 0...24).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 6000, input: generator) { html in
            #expect(SearchText.plainText(html: html) == SearchText.plainTextByCharacters(html: html), "\(Array(html.unicodeScalars))")
            #expect(SearchText.terms(html) == Self.termsByScalars(html), "\(Array(html.unicodeScalars))")
        }
    }

    @Test func shardKeysOverBytesMatchTheScalarWalk() async {
        let generator = Gen<String?>.element(of: Self.textPieces).array(of: 0...6).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: generator) { term in
            for length in [1, 3, 8] {
                let expected = String(String.UnicodeScalarView(term.unicodeScalars.prefix(length).map { scalar -> Unicode.Scalar in
                    switch scalar {
                    case "a"..."z", "0"..."9": return scalar
                    default: return "_"
                    }
                }))
                #expect(SearchText.shardKey(term, length: length) == expected, "\(Array(term.unicodeScalars))")
            }
        }
    }

    /// `SearchText.terms` as it was written over scalars, before the byte walk.
    static func termsByScalars(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        func flush() {
            if current.count >= SearchText.minTermLength && current.count <= SearchText.maxTermLength { result.append(current) }
            current = ""
        }
        for scalar in text.unicodeScalars {
            if SearchText.isTermScalar(scalar) {
                current.unicodeScalars.append(contentsOf: String(scalar).lowercased().unicodeScalars)
            } else if !current.isEmpty {
                flush()
            }
        }
        if !current.isEmpty { flush() }
        return result
    }
}
