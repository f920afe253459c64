/// `runbook lint --format rdjson`: reviewdog's Diagnostic Format (`reviewdog -f=rdjson`), one
/// document with every finding. A finding with a certain fix (`Diagnostic.fix`) carries it as a
/// `suggestions` entry, which reviewdog turns into a suggested change on the pull request.
public enum RDJSONReport {
    public static func render(_ diagnostics: [Diagnostic], pathPrefix: String = "") -> String {
        let entries: [JSONValue] = diagnostics.map { diagnostic in
            var members: [(String, JSONValue)] = [("message", .string(diagnostic.message))]
            var location: [(String, JSONValue)] = [("path", .string(pathPrefix + (diagnostic.location?.file ?? ".")))]
            if let line = diagnostic.location?.line {
                var start: [(String, JSONValue)] = [("line", .int(line))]
                if let column = diagnostic.location?.column { start.append(("column", .int(column))) }
                location.append(("range", .object([("start", .object(start))])))
            }
            members.append(("location", .object(location)))
            members.append(("severity", .string(severity(diagnostic.severity))))
            members.append(("code", .object([("value", .string(diagnostic.code.rawValue))])))
            if let fix = diagnostic.fix, let line = diagnostic.location?.line, let column = diagnostic.location?.column,
               !fix.replacing.contains("\n") {
                // rdjson counts columns in UTF-8 bytes; a fix starts after indentation only (a
                // front matter key), so its start is the same in characters, and its end is
                // the start plus the replaced text's bytes.
                let end = column + fix.replacing.utf8.count
                members.append(("suggestions", .array([.object([
                    ("range", .object([
                        ("start", .object([("line", .int(line)), ("column", .int(column))])),
                        ("end", .object([("line", .int(line)), ("column", .int(end))])),
                    ])),
                    ("text", .string(fix.with)),
                ])])))
            }
            return .object(members)
        }
        let document = JSONValue.object([
            ("source", .object([("name", .string("runbook"))])),
            ("diagnostics", .array(entries)),
        ])
        return document.text() + "\n"
    }

    /// rdjson's severities: ERROR, WARNING, INFO.
    static func severity(_ severity: Severity) -> String {
        switch severity {
        case .error: "ERROR"
        case .warning: "WARNING"
        case .info: "INFO"
        }
    }
}
