#if canImport(Glibc)
import Glibc
#endif

/// What the last successful build of a destination was made from and what it wrote. Kept in
/// the destination's `.runbook-build` file, so that `runbook build` with nothing changed can
/// stop after reading the sources: it reprints that build's diagnostics and writes nothing.
public struct BuildManifest: Sendable, Equatable {
    /// Size and modification time of a written file: if either differs, someone touched it.
    public struct Stamp: Sendable, Equatable {
        public let size: Int
        public let modified: Int
    }

    /// Digest of every input: the tool itself, the options, config, pages, rules, templates, static files.
    public var inputs: UInt64
    public var pageCount: Int
    public var resolvedRuleCount: Int
    public var diagnostics: [Diagnostic]
    public var files: [String: Stamp]

    public init(inputs: UInt64, pageCount: Int, resolvedRuleCount: Int, diagnostics: [Diagnostic], files: [String: Stamp]) {
        self.inputs = inputs
        self.pageCount = pageCount
        self.resolvedRuleCount = resolvedRuleCount
        self.diagnostics = diagnostics
        self.files = files
    }

    static let header = "runbook-build 1"

    /// Whether every file the build wrote is still there as it was written.
    public func outputsIntact(in destination: String) -> Bool {
        for (path, stamp) in files where Self.stamp(of: joinPath(destination, path)) != stamp { return false }
        return true
    }

    static func stamp(of path: String) -> Stamp? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Stamp(size: Int(info.st_size), modified: Int(info.st_mtim.tv_sec) * 1_000_000_000 + Int(info.st_mtim.tv_nsec))
    }

    /// Tab-separated lines; messages cannot hold tabs or line breaks after `clean`.
    func serialized() -> String {
        var lines = [Self.header, "inputs\t\(inputs)", "pages\t\(pageCount)", "rules\t\(resolvedRuleCount)"]
        for diagnostic in diagnostics {
            let location = diagnostic.location
            lines.append(["diagnostic", diagnostic.severity.rawValue, diagnostic.code.rawValue, Self.clean(diagnostic.message),
                          location.map { Self.clean($0.file) } ?? "", location?.line.map(String.init) ?? "",
                          location?.column.map(String.init) ?? "", location == nil ? "-" : "+"].joined(separator: "\t"))
        }
        for path in files.keys.sorted() {
            guard let stamp = files[path] else { continue }
            lines.append("file\t\(stamp.size)\t\(stamp.modified)\t\(Self.clean(path))")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func parse(_ text: String) -> BuildManifest? {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)[...]
        guard lines.first == Substring(header) else { return nil }
        lines = lines.dropFirst()
        var manifest = BuildManifest(inputs: 0, pageCount: 0, resolvedRuleCount: 0, diagnostics: [], files: [:])
        for line in lines {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            switch fields.first {
            case "inputs": manifest.inputs = fields.count > 1 ? UInt64(fields[1]) ?? 0 : 0
            case "pages": manifest.pageCount = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            case "rules": manifest.resolvedRuleCount = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            case "diagnostic":
                guard fields.count == 8, let severity = Severity(rawValue: fields[1]), let code = DiagnosticCode.named(fields[2]) else { return nil }
                var diagnostic = Diagnostic(code, fields[3], at: fields[7] == "+"
                    ? SourceLocation(file: fields[4], line: Int(fields[5]), column: Int(fields[6])) : nil)
                diagnostic.severity = severity
                manifest.diagnostics.append(diagnostic)
            case "file":
                guard fields.count == 4, let size = Int(fields[1]), let modified = Int(fields[2]) else { return nil }
                manifest.files[fields[3]] = Stamp(size: size, modified: modified)
            default:
                return nil
            }
        }
        return manifest.inputs == 0 ? nil : manifest
    }

    /// Reads the manifest of a destination, if it has a valid one.
    public static func read(destination: String) -> BuildManifest? {
        guard let bytes = try? FileSystem.readBytes(joinPath(destination, SiteWriter.marker)) else { return nil }
        return parse(String(decoding: bytes, as: UTF8.self))
    }

    private static func clean(_ text: String) -> String {
        String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
