/// Pieces of the whole-site files that `serve` keeps from one build to the next, each under
/// everything it is made from, so that an edit to one rule rewrites one alert's entry, not
/// all six hundred: `alerts.json` entries, the alert permalinks' redirect pages and tag pages. Made anew
/// whenever the templates change (the cache drops it); one build at a time uses it.
final class RenderMemo: @unchecked Sendable {
    /// An alert's `alerts.json` entry, by the hash of the rule, its page and its permalink.
    var alertEntries: [Int: String] = [:]
    /// A permalink's redirect page, by its path, with the URL it leads to.
    var redirects: [String: (target: String, file: OutputFile)] = [:]
    /// A tag's page, by its path, with the hash of what it shows (a tagged page's title edit
    /// rewrites the pages of its tags, not the others).
    var tagPages: [String: (key: Int, file: OutputFile)] = [:]
}
