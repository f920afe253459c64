/// Every rule file of the site, parsed once; answers `rule` shortcodes and the lint checks
/// that compare alerts with pages.
public struct RuleIndex: Sendable {
    /// By path relative to the rules folder.
    public let files: [String: RuleFile]
    /// Files found under rules/ that are symlinks leading out of it: never read.
    public let filesOutside: Set<String>
    /// The rules folder, relative to the source folder (for messages).
    public let folder: String

    public init(files: [RuleFile], filesOutside: Set<String> = [], folder: String = "rules") {
        self.files = Dictionary(files.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })
        self.filesOutside = filesOutside
        self.folder = folder
        let sorted = files.sorted { $0.path < $1.path }
        sortedFiles = self.files.values.sorted { $0.path < $1.path }
        let pathsKey = Self.filesKey(sorted, outside: filesOutside)
        filesKey = pathsKey
        // The alerts and the names' hash on another core while this one makes the lookups: at
        // 100x (58,000 alerts) the index was a tenth of a second with the other core idle.
        let besides = Background { () -> (alerts: [AlertRule], names: [String], namesKey: Int) in
            let alerts = sorted.flatMap { $0.rules.filter { $0.kind == .alert } }
            var seen = Set<String>()
            let names = alerts.map(\.name).sorted().filter { seen.insert($0).inserted }
            return (alerts, names, Self.namesKey(sorted, filesKey: pathsKey))
        }
        var defining: [String: [Int]] = [:]
        let ruleCount = sortedFiles.reduce(0) { $0 + $1.rules.count }
        defining.reserveCapacity(ruleCount)
        var named: [NameInFile: Int] = [:]
        named.reserveCapacity(ruleCount)
        var repeated: [NameInFile: [AlertRule]] = [:]
        for (position, file) in sortedFiles.enumerated() {
            let rules = file.rules
            for number in rules.indices {
                // The name only: a rule copied whole retains a dozen strings (5% of a rebuild after a rule edit).
                let name = rules[number].name
                let key = NameInFile(file: position, name: name)
                if let first = named.updateValue(number, forKey: key) {
                    named[key] = first
                    repeated[key, default: [rules[first]]].append(rules[number])
                } else {
                    // The name's first rule in this file; two files are enough to name one other
                    // than the shortcode's.
                    defining[name, default: []].append(position, upTo: 2)
                }
            }
        }
        filesDefining = defining
        firstNamed = named
        repeatedNames = repeated
        positions = Dictionary(sortedFiles.enumerated().map { ($1.path, $0) }, uniquingKeysWith: { first, _ in first })
        let made = besides.value ?? ([], [], 0)
        alerts = made.alerts
        alertNames = made.names
        namesKey = made.namesKey
    }

    private static func filesKey(_ sorted: [RuleFile], outside: Set<String>) -> Int {
        var paths = Hasher()
        for file in sorted { paths.combine(file.path) }
        paths.combine(outside.sorted())
        return paths.finalize()
    }

    private static func namesKey(_ sorted: [RuleFile], filesKey: Int) -> Int {
        var names = Hasher()
        names.combine(filesKey)
        for file in sorted {
            names.combine(file.isValid)
            for rule in file.rules { names.combine(rule.name) }
        }
        return names.finalize()
    }

    /// A hash of which files there are: what a shortcode's path resolves against.
    let filesKey: Int
    /// A hash of the files with their rule names and validity: what a shortcode that found
    /// nothing shows (the closest name, the file that defines the alert).
    let namesKey: Int

    /// Files in path order. Kept, not sorted per use: `serve` keeps the index while no rule
    /// file changes, and every rebuild's keys walk the files.
    public let sortedFiles: [RuleFile]

    /// Every distinct alert name, sorted (the alert permalinks, made twice per build).
    public let alertNames: [String]

    /// Every alert (not recording rules), in file and line order.
    public let alerts: [AlertRule]

    /// By rule name (alert or recording rule): the positions in `sortedFiles` of the first two
    /// files that define it. A shortcode naming a rule its file lacks says where the rule is; scanning
    /// every file for each such shortcode grew with the square of the site (10% of a 100x build).
    private let filesDefining: [String: [Int]]
    /// A shortcode's lookup: the place in its file of the first rule of a name (filtering the
    /// file's rules per shortcode cost a minute for 20,000 shortcodes and 50,000 rules), and,
    /// for a name the file defines more than once, all of them, in one array every shortcode
    /// shares (2,000 shortcodes naming a name defined 50,000 times held a copy each: 16 GB).
    private let firstNamed: [NameInFile: Int]
    private let repeatedNames: [NameInFile: [AlertRule]]
    private let positions: [String: Int]
    private struct NameInFile: Hashable, Sendable {
        let file: Int
        let name: String
    }

    /// What a `rule "path" "name"` shortcode finds.
    public enum Lookup: Sendable {
        case found([AlertRule])
        case pathOutside
        case fileNotFound(suggestion: String?)
        case fileInvalid
        /// `definedIn`: another file that defines the rule, the first by path.
        case ruleNotFound(suggestion: String?, definedIn: String?)
    }

    /// The key in `files` a shortcode path names (whether or not the file exists); nil when
    /// the path leaves the folder.
    public func fileKey(forShortcodePath rawPath: String) -> String? {
        guard var path = Self.normalise(rawPath) else { return nil }
        if files[path] == nil, !filesOutside.contains(path), path.hasPrefix(folder + "/") {
            path.removeFirst(folder.count + 1)  // `rules/x.yml` for `x.yml`: paths copied from the repository
        }
        return path
    }

    /// One lookup, with the hints it may need.
    public func lookup(path: String, alert name: String) -> Lookup {
        var budget = SuggestionBudget()
        return lookup(path: path, alert: name, budget: &budget)
    }

    /// A lookup among many of one page: the "did you mean" hints draw on the page's budget.
    func lookup(path rawPath: String, alert name: String, budget: inout SuggestionBudget) -> Lookup {
        guard let path = fileKey(forShortcodePath: rawPath) else { return .pathOutside }
        if filesOutside.contains(path) { return .pathOutside }
        guard let file = files[path] else {
            return .fileNotFound(suggestion: budget.closestMatch(to: path, in: files.keys))
        }
        let found = rules(named: name, inFile: path)
        if !found.isEmpty { return .found(found) }
        let position = positions[path] ?? -1
        if !file.isValid && file.rules.isEmpty { return .fileInvalid }
        let elsewhere = filesDefining[name]?.first { $0 != position }.map { sortedFiles[$0].sourcePath }
        return .ruleNotFound(suggestion: budget.closestMatch(to: name, in: file.rules.lazy.map(\.name)), definedIn: elsewhere)
    }

    /// The rules of this name in the file at this key (in `files`), in file order.
    func rules(named name: String, inFile path: String) -> [AlertRule] {
        guard let position = positions[path] else { return [] }
        let key = NameInFile(file: position, name: name)
        if let all = repeatedNames[key] { return all }
        return firstNamed[key].map { [sortedFiles[position].rules[$0]] } ?? []
    }

    /// A shortcode's path with `.` and `..` folded; nil when it leaves the rules folder.
    static func normalise(_ path: String) -> String? {
        isNormal(path) ? path : normaliseBySegments(path)
    }

    /// `normalise` for any path: split, folded, joined.
    static func normaliseBySegments(_ path: String) -> String? {
        if path.hasPrefix("/") { return nil }
        var parts: [Substring] = []
        for part in pathSegments(path) {
            switch part {
            case ".": continue
            case "..":
                guard !parts.isEmpty else { return nil }
                parts.removeLast()
            default: parts.append(part)
            }
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    /// Whether `normalise` would give the path back as it is (`group/file.yml`, as nearly
    /// every shortcode writes it): no empty, `.` or `..` segment. Splitting and joining cost
    /// ~8,000 instructions a rule shortcode.
    private static func isNormal(_ path: String) -> Bool {
        var path = path
        return path.withUTF8(isNormal)
    }

    /// `isNormal` over the path's own bytes (walking its UTF-8 view cost ~40 instructions a byte).
    private static func isNormal(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var length = 0  // of the current segment
        var dots = 0  // of its bytes that are `.`
        for byte in bytes {
            if byte == UInt8(ascii: "/") {
                if length == 0 || (length == dots && dots <= 2) { return false }
                length = 0
                dots = 0
            } else {
                length += 1
                if byte == UInt8(ascii: ".") { dots += 1 }
            }
        }
        return length > 0 && !(length == dots && dots <= 2)
    }
}
