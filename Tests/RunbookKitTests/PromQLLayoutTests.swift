import Testing
@testable import RunbookKit

@Suite struct PromQLLayoutTests {
    private func layout(_ source: String, width: Int = 100) throws -> String {
        PromQLFormatter(width: width).format(try PromQLParser.parse(source).get())
    }

    @Test func shortExpressionsStayOnOneLine() throws {
        #expect(try layout("sum by(job)(rate(x[5m]))  >  0") == "sum by (job) (rate(x[5m])) > 0")
    }

    @Test func longExpressionsBreakAtTopLevelOperatorsAndArguments() throws {
        let source = "(sum by (instance) (rate(node_network_receive_bytes_total[2m])) / 1024 / 1024 > 100) * on(instance) group_left (nodename) node_uname_info{nodename=~\".+\"}"
        #expect(try layout(source, width: 60) == """
              (
                      sum by (instance) (
                        rate(node_network_receive_bytes_total[2m])
                      )
                    /
                      1024
                  /
                    1024
                >
                  100
              )
            * on (instance) group_left (nodename)
              node_uname_info{nodename=~".+"}
            """)
        #expect(try layout("label_replace(up{job=\"api-server\", service=\"a:c\"}, \"foo\", \"$1\", \"service\", \"(.*):.*\")", width: 40) == """
            label_replace(
              up{job="api-server", service="a:c"},
              "foo",
              "$1",
              "service",
              "(.*):.*"
            )
            """)
    }

    /// Layout never changes what the expression means: the laid-out text parses to the same tree.
    @Test func layoutKeepsTheTree() throws {
        for (source, _) in PromQLParserTests.valid {
            let tree = try PromQLParser.parse(source).get()
            for width in [10, 40, 100] {
                let text = PromQLFormatter(width: width).format(tree)
                #expect(try PromQLParser.parse(text).get() == tree, "\(source) at \(width): \(text)")
            }
        }
    }

    @Test func highlightsEveryKindOfToken() {
        let (html, metrics) = PromQLHighlighter.highlight(
            "sum by (job) (rate(http_requests_total{code=~\"5..\"}[5m] offset 1h)) / on (job) up > bool 0.5 # <why>")
        #expect(html == """
            <span class="hl-aggregation">sum</span> <span class="hl-keyword">by</span> (<span class="hl-label">job</span>) \
            (<span class="hl-function">rate</span>(<span class="hl-metric">http_requests_total</span>{<span class="hl-label">code</span>\
            <span class="hl-matcher">=~</span><span class="hl-string">&quot;5..&quot;</span>}[<span class="hl-duration">5m</span>] \
            <span class="hl-keyword">offset</span> <span class="hl-duration">1h</span>)) <span class="hl-operator">/</span> \
            <span class="hl-keyword">on</span> (<span class="hl-label">job</span>) <span class="hl-metric">up</span> \
            <span class="hl-operator">&gt;</span> <span class="hl-keyword">bool</span> <span class="hl-number">0.5</span> \
            <span class="hl-comment"># &lt;why&gt;</span>
            """)
        #expect(metrics == ["http_requests_total", "up"])
    }

    @Test func highlightingEscapesWhatDoesNotParse() {
        let (html, _) = PromQLHighlighter.highlight("up{job=\"<script>\"} & 1")
        #expect(!html.contains("<script>"))
        #expect(html.contains("&quot;&lt;script&gt;&quot;"))
        #expect(html.hasSuffix(" &amp; 1"))
    }

    @Test func presentationFallsBackToTheTextWhenInvalidOrCommented() {
        let invalid = PromQLPresentation(expression: "rate(x)")
        #expect(invalid.error?.message.hasPrefix("expected type range vector") == true)
        #expect(invalid.text == "rate(x)")
        let commented = PromQLPresentation(expression: "up # why\n  == 0\n")
        #expect(commented.text == "up # why\n  == 0")
        #expect(commented.error == nil)
    }
}
