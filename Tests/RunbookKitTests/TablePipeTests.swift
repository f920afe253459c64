import Testing
@testable import RunbookKit

/// `\|` in GitHub-style tables (issue 13, item 10): a pipe inside a cell, also in a code span,
/// as GitHub renders it; nothing after it is lost.
@Suite struct TablePipeTests {
    private func html(_ markdown: String) -> String {
        let body = ExpandedBody(markdown: markdown, lineOrigins: [1], embeds: [], embedMarker: "x",
                                ruleReferences: [], comments: [], diagnostics: [])
        return MarkdownRenderer.render(body, file: "a.md", embeds: [:]) { _ in nil }.html
    }

    @Test func escapedPipeStaysInItsCellAndKeepsTheNextCell() {
        #expect(html("| a | b |\n|---|---|\n| x \\| y | z |\n") == """
            <table>
            <thead>
            <tr>
            <th>a</th>
            <th>b</th>
            </tr>
            </thead>
            <tbody>
            <tr>
            <td>x | y</td>
            <td>z</td>
            </tr>
            </tbody>
            </table>

            """)
    }

    @Test func escapedPipeInACodeSpanShowsWithoutTheBackslash() {
        #expect(html("| q | r |\n|---|---|\n| `a \\| b` | c |\n").contains("<td><code>a | b</code></td>\n<td>c</td>"))
        // Outside a table a code span keeps its backslash, as everywhere in Markdown.
        #expect(html("`a \\| b`\n") == "<p><code>a \\| b</code></p>\n")
    }

    @Test func escapedPipeInTheHeaderAndEntities() {
        let result = html("| a \\| b | c |\n|---|---|\n| x &#124; y | `p|q` |\n")
        #expect(result.contains("<th>a | b</th>\n<th>c</th>"))
        #expect(result.contains("<td>x | y</td>\n<td><code>p|q</code></td>"))
    }

    @Test func escapedBackslashBeforeAPipeLeavesTheBoundary() {
        #expect(html("| a | b |\n|---|---|\n| x \\\\| y |\n").contains("<td>x \\</td>\n<td>y</td>"))
    }

    @Test func tableInsideAListItem() {
        #expect(html("- | a | b |\n  |---|---|\n  | 1 \\| 2 | 3 |\n").contains("<td>1 | 2</td>\n<td>3</td>"))
    }
}
