/// Rule files as parsed, kept in the build state (`BuildState`): a build after an edit of a few
/// pages' text, with every rule file's text as it was, takes them from there instead of parsing
/// the YAML again (a third of such a build). The expressions are parsed again, from `expr`.
extension RuleFile {
    static func save(_ files: [RuleFile], into writer: inout ByteWriter) {
        writer.int(files.count)
        for file in files {
            writer.string(file.path)
            writer.string(file.sourcePath)
            writer.u64(UInt64(bitPattern: Int64(file.fingerprint)))
            Diagnostic.save(file.problems, into: &writer)
            writer.int(file.rules.count)
            for rule in file.rules { rule.save(into: &writer) }
        }
    }

    /// The files `save` wrote, or nil for bytes that are not such a list.
    static func restored(from reader: inout ByteReader) -> [RuleFile]? {
        guard let count = reader.int(atMost: reader.remaining / 8) else { return nil }
        var files: [RuleFile] = []
        for _ in 0..<count {
            guard let path = reader.string(), let sourcePath = reader.string(), let fingerprint = reader.u64(),
                  let problems = Diagnostic.restoredList(from: &reader) else { return nil }
            guard let ruleCount = reader.int(atMost: reader.remaining / 8) else { return nil }
            var rules: [AlertRule] = []
            for _ in 0..<ruleCount {
                guard let rule = AlertRule.restored(from: &reader) else { return nil }
                rules.append(rule)
            }
            files.append(RuleFile(path: path, sourcePath: sourcePath, rules: rules, problems: problems,
                                  fingerprint: Int(truncatingIfNeeded: Int64(bitPattern: fingerprint))))
        }
        return files
    }
}

extension AlertRule {
    func save(into writer: inout ByteWriter) {
        writer.string(kind.rawValue)
        for text in [name, group, file, sourcePath, sourceText] { writer.string(text) }
        for optional in [expr, pendingFor, keepFiringFor] {
            writer.int(optional == nil ? 0 : 1)
            writer.string(optional ?? "")
        }
        writer.int(line)
        writer.int(column)
        for list in [labels, annotations] {
            writer.int(list.count)
            for entry in list {
                writer.string(entry.key)
                writer.string(entry.value)
                writer.int(entry.line)
                writer.int(entry.column)
            }
        }
    }

    static func restored(from reader: inout ByteReader) -> AlertRule? {
        guard let kind = reader.string().flatMap(Kind.init(rawValue:)), let name = reader.string(), let group = reader.string(),
              let file = reader.string(), let sourcePath = reader.string(), let sourceText = reader.string() else { return nil }
        var optionals: [String?] = []
        for _ in 0..<3 {
            guard let present = reader.int(atMost: 1), let text = reader.string() else { return nil }
            optionals.append(present == 1 ? text : nil)
        }
        guard let line = reader.signed(), let column = reader.signed() else { return nil }
        var lists: [[Entry]] = []
        for _ in 0..<2 {
            guard let count = reader.int(atMost: reader.remaining / 32) else { return nil }
            var list: [Entry] = []
            for _ in 0..<count {
                guard let key = reader.string(), let value = reader.string(), let line = reader.signed(),
                      let column = reader.signed() else { return nil }
                list.append(Entry(key: key, value: value, line: line, column: column))
            }
            lists.append(list)
        }
        let expr = optionals[0]
        return AlertRule(kind: kind, name: name, group: group, expr: expr,
                         pendingFor: optionals[1], keepFiringFor: optionals[2], labels: lists[0], annotations: lists[1],
                         file: file, sourcePath: sourcePath, line: line, column: column, sourceText: sourceText)
    }
}
