/// Every occurrence of many byte strings in one text, found in a single pass over the text
/// (Aho–Corasick). Lint looks up every link destination of a page in the page's Markdown; one
/// search per destination made a page with 20,000 links take minutes.
struct MultiPatternSearch {
    /// Trie node → pattern index ending there, or -1.
    private var output: [Int32] = [-1]
    /// Trie node → longest proper suffix that is also a trie node.
    private var fail: [Int32] = [0]
    /// Trie node → nearest node on its failure chain that ends a pattern, or -1.
    private var outputLink: [Int32] = [-1]
    private var parent: [Int32] = [0]
    private var depth: [Int32] = [0]
    private var byte: [UInt8] = [0]
    /// Transitions below the root, keyed by `node << 8 | byte`.
    private var edges: [Int: Int32] = [:]
    /// Transitions from the root, the hot path for ordinary text.
    private var rootEdges = [Int32](repeating: 0, count: 256)
    private let lengths: [Int]

    /// `patterns` should be distinct; empty ones never match.
    init(_ patterns: [[UInt8]]) {
        lengths = patterns.map(\.count)
        for (index, pattern) in patterns.enumerated() where !pattern.isEmpty {
            var node: Int32 = 0
            for value in pattern {
                if let next = transition(node, value) {
                    node = next
                    continue
                }
                let created = Int32(output.count)
                output.append(-1)
                fail.append(0)
                outputLink.append(-1)
                parent.append(node)
                depth.append(depth[Int(node)] + 1)
                byte.append(value)
                if node == 0 { rootEdges[Int(value)] = created } else { edges[Int(node) << 8 | Int(value)] = created }
                node = created
            }
            if output[Int(node)] < 0 { output[Int(node)] = Int32(index) }
        }
        // Failure links in breadth-first order: a node's parent (one shorter) is done first.
        let order = (1..<output.count).sorted { (depth[$0], $0) < (depth[$1], $1) }
        for node in order {
            let up = parent[node]
            var target: Int32 = 0
            if up != 0 {
                var candidate = fail[Int(up)]
                while true {
                    if let next = transition(candidate, byte[node]) {
                        target = next
                        break
                    }
                    if candidate == 0 { break }
                    candidate = fail[Int(candidate)]
                }
            }
            fail[node] = target
            outputLink[node] = output[Int(target)] >= 0 ? target : outputLink[Int(target)]
        }
    }

    private func transition(_ node: Int32, _ value: UInt8) -> Int32? {
        if node == 0 {
            let next = rootEdges[Int(value)]
            return next == 0 ? nil : next
        }
        return edges[Int(node) << 8 | Int(value)]
    }

    /// Start offsets of every occurrence (overlapping ones too) of each pattern, ascending.
    func occurrences(in text: [UInt8]) -> [[Int]] {
        var result = [[Int]](repeating: [], count: lengths.count)
        var state: Int32 = 0
        for (offset, value) in text.enumerated() {
            while true {
                if let next = transition(state, value) {
                    state = next
                    break
                }
                if state == 0 { break }
                state = fail[Int(state)]
            }
            var hit = output[Int(state)] >= 0 ? state : outputLink[Int(state)]
            while hit >= 0 {
                let pattern = Int(output[Int(hit)])
                result[pattern].append(offset + 1 - lengths[pattern])
                hit = outputLink[Int(hit)]
            }
        }
        return result
    }
}
