import PropertyBased
import Testing
@testable import RunbookKit

@Suite struct CodeHighlightingTests {
    @Test func yaml() {
        #expect(CodeLanguage.yaml.highlight("- alert: X # note\n  expr: up == 0\n  for: 5m\n  ok: true\n  n: 3\n  s: \"a<b\"") == """
            <span class="hl-operator">-</span> <span class="hl-key">alert</span><span class="hl-operator">:</span> X \
            <span class="hl-comment"># note</span>
              <span class="hl-key">expr</span><span class="hl-operator">:</span> up == 0
              <span class="hl-key">for</span><span class="hl-operator">:</span> 5m
              <span class="hl-key">ok</span><span class="hl-operator">:</span> <span class="hl-literal">true</span>
              <span class="hl-key">n</span><span class="hl-operator">:</span> <span class="hl-number">3</span>
              <span class="hl-key">s</span><span class="hl-operator">:</span> <span class="hl-string">&quot;a&lt;b&quot;</span>
            """)
    }

    @Test func consoleSessionsTellPromptsFromOutput() {
        #expect(CodeLanguage.console.highlight("$ kubectl get pods -n \"$NS\" | grep Crash\npod-1   0/1   CrashLoopBackOff") == """
            <span class="hl-prompt">$ </span><span class="hl-function">kubectl</span> get pods <span class="hl-option">-n</span> \
            <span class="hl-string">&quot;$NS&quot;</span> <span class="hl-operator">|</span> <span class="hl-function">grep</span> Crash
            <span class="hl-output">pod-1   0/1   CrashLoopBackOff</span>
            """)
        #expect(CodeLanguage.shell.highlight("sudo systemctl restart x # why") == """
            <span class="hl-function">sudo</span> <span class="hl-function">systemctl</span> restart x <span class="hl-comment"># why</span>
            """)
    }

    @Test func jsonAndSQL() {
        #expect(CodeLanguage.json.highlight("{\"a\": [1, true, \"x\"]}") == """
            {<span class="hl-key">&quot;a&quot;</span>: [<span class="hl-number">1</span>, <span class="hl-literal">true</span>, \
            <span class="hl-string">&quot;x&quot;</span>]}
            """)
        #expect(CodeLanguage.sql.highlight("SELECT count(*) FROM t WHERE a = 'x' -- c") == """
            <span class="hl-keyword">SELECT</span> <span class="hl-function">count</span>(<span class="hl-operator">*</span>) \
            <span class="hl-keyword">FROM</span> t <span class="hl-keyword">WHERE</span> a <span class="hl-operator">=</span> \
            <span class="hl-string">&#39;x&#39;</span> <span class="hl-comment">-- c</span>
            """)
    }

    static let yamlPieces = ["key", ":", ": ", " ", "  ", "- ", "-", "#", " #", "\"", "'", "true", "TRUE", "Yes", "no", "~", "null",
                             "3", "-1.5", "1e3", "inf", ".nan", "|", ">-", "|+", "\n", "\t", "{", "[", "---", "...", "a b", "x:y",
                             "&", "<", "\"q\": "]

    /// Rule YAML is highlighted over bytes when it is ASCII; that must be what the walk over
    /// Characters gives.
    @Test func yamlBytesMatchTheCharacterWalk() async {
        let code = Gen<String?>.element(of: Self.yamlPieces).array(of: 0...16).map { $0.compactMap { $0 }.joined() }
        await propertyCheck(count: 3000, input: code) { code in
            guard let bytes = YAMLHighlighter.highlightASCII(code) else { return }
            #expect(bytes == YAMLHighlighter.highlightByCharacters(code), "\(code.debugDescription)")
        }
    }

    /// PromQL token classes go out as static text: each must be a class the theme styles.
    @Test func promQLStyleNamesAreStyledClasses() {
        let css = DefaultTheme.files["assets/runbook.css"] ?? ""
        for style in PromQLHighlighter.Style.allCases {
            #expect(css.contains(".hl-\(style.name)"), "\(style)")
        }
        #expect(PromQLHighlighter.highlight("rate(up[5m]) > 1").html
            == "<span class=\"hl-function\">rate</span>(<span class=\"hl-metric\">up</span>[<span class=\"hl-duration\">5m</span>]) <span class=\"hl-operator\">&gt;</span> <span class=\"hl-number\">1</span>")
    }

    @Test func fenceInfoPicksTheLanguage() {
        #expect(CodeLanguage(fenceInfo: "YML") == .yaml)
        #expect(CodeLanguage(fenceInfo: "bash {linenos=true}") == .shell)
        #expect(CodeLanguage(fenceInfo: "text") == nil)
        #expect(CodeLanguage(fenceInfo: "") == nil)
    }
}
