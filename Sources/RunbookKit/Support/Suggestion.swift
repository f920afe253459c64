/// "Did you mean …": the candidate closest to `word` by edit distance, when it is close enough
/// to be a plausible typo (at most a third of the word's length, case ignored).
public func closestMatch(to word: String, in candidates: some Sequence<String>) -> String? {
    let target = Array(word.lowercased().unicodeScalars)
    let limit = max(2, target.count / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(target, Array(candidate.lowercased().unicodeScalars), limit: limit)
        guard distance <= limit else { continue }
        if best == nil || distance < best!.distance || (distance == best!.distance && candidate < best!.name) {
            best = (candidate, distance)
        }
    }
    return best?.name
}

/// Levenshtein distance, giving up (returning `limit + 1`) once every path exceeds `limit`.
func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar], limit: Int) -> Int {
    if abs(a.count - b.count) > limit { return limit + 1 }
    if a.isEmpty { return b.count }
    if b.isEmpty { return a.count }
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        var rowMinimum = current[0]
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(substitution, previous[j] + 1, current[j - 1] + 1)
            rowMinimum = min(rowMinimum, current[j])
        }
        if rowMinimum > limit { return limit + 1 }
        swap(&previous, &current)
    }
    return previous[b.count]
}

/// Caps the "did you mean" work of one page: each suggestion compares the word with every
/// candidate, so a page of 20,000 broken links to a site of thousands of pages (or 20,000
/// `rule` shortcodes naming alerts a file of thousands lacks) would spend minutes on hints.
/// Past the cap, messages go without the hint (in document order, so the output stays the
/// same from run to run).
struct SuggestionBudget: Sendable {
    /// Candidates compared per page.
    private var remaining: Int

    init(comparisons: Int = 2_000_000) { remaining = comparisons }

    mutating func closestMatch(to word: String, in candidates: some Collection<String>) -> String? {
        guard candidates.count <= remaining else {
            remaining = 0
            return nil
        }
        remaining -= candidates.count
        return RunbookKit.closestMatch(to: word, in: candidates)
    }
}
