/// A diagnostic in the build state (`BuildState`), kept as it was made: the next build reports
/// it again for a page or rule file it did not read again.
extension Diagnostic {
    func save(into writer: inout ByteWriter) {
        writer.string(severity.rawValue)
        writer.string(code.rawValue)
        writer.string(message)
        writer.string(location?.file ?? "")
        writer.int(location == nil ? 0 : 1)
        writer.int(location?.line ?? -1)
        writer.int(location?.column ?? -1)
        writer.int(fix == nil ? 0 : 1)
        writer.string(fix?.replacing ?? "")
        writer.string(fix?.with ?? "")
    }

    /// A count, then each diagnostic.
    static func save(_ list: [Diagnostic], into writer: inout ByteWriter) {
        writer.int(list.count)
        for diagnostic in list { diagnostic.save(into: &writer) }
    }

    /// What `save(_:into:)` wrote, or nil.
    static func restoredList(from reader: inout ByteReader) -> [Diagnostic]? {
        guard let count = reader.int(atMost: reader.remaining / 8) else { return nil }
        var list: [Diagnostic] = []
        for _ in 0..<count {
            guard let diagnostic = restored(from: &reader) else { return nil }
            list.append(diagnostic)
        }
        return list
    }

    static func restored(from reader: inout ByteReader) -> Diagnostic? {
        guard let severity = reader.string().flatMap(Severity.init(rawValue:)),
              let code = reader.string().flatMap(DiagnosticCode.init(rawValue:)),
              let message = reader.string(), let file = reader.string(), let hasLocation = reader.int(atMost: 1),
              let line = reader.signed(), let column = reader.signed(), let hasFix = reader.int(atMost: 1),
              let replacing = reader.string(), let replacement = reader.string() else { return nil }
        let location = hasLocation == 1
            ? SourceLocation(file: file, line: line < 0 ? nil : line, column: column < 0 ? nil : column) : nil
        var diagnostic = Diagnostic(code, "", at: location)
        // As made: `init` would escape the message a second time.
        diagnostic.message = message
        diagnostic.severity = severity
        if hasFix == 1 { diagnostic.fix = DiagnosticFix(replacing: replacing, with: replacement) }
        return diagnostic
    }
}
