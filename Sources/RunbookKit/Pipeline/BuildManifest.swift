/// What the last successful build of a destination was made from and what it wrote. Kept in
/// the cache folder (`.runbook-cache/` in the source folder, or `--cache-dir`), one file per
/// destination, so that `runbook build` with nothing changed can stop after reading the
/// sources: it reprints that build's diagnostics and writes nothing. The destination holds
/// only the site; the record also tells the writer that a non-empty destination is ours.
/// Nothing depends on the record being there: without it (a fresh clone in CI) the build is
/// a full one.
public struct BuildManifest: Sendable, Equatable {
    public typealias Stamp = FileStamp

    /// Digest of every input: the tool itself, the options, config, pages, rules, templates, static files.
    public var inputs: UInt64
    public var pageCount: Int
    public var resolvedRuleCount: Int
    public var diagnostics: [Diagnostic]
    public var files: [String: Stamp]
    /// The digest of each file's bytes: the next build moves into place only the files whose
    /// bytes differ.
    public var contents: [String: UInt64]

    public init(inputs: UInt64, pageCount: Int, resolvedRuleCount: Int, diagnostics: [Diagnostic], files: [String: Stamp],
                contents: [String: UInt64] = [:]) {
        self.inputs = inputs
        self.pageCount = pageCount
        self.resolvedRuleCount = resolvedRuleCount
        self.diagnostics = diagnostics
        self.files = files
        self.contents = contents
    }

    /// The published files as this build left them, for the writer of the next.
    public var published: PublishedSite { PublishedSite(stamps: files, contents: contents) }

    static let header = "runbook-build 2"
    /// Version 1 kept no digests: such a record still says the destination is ours, and the
    /// next build publishes the whole site.
    static let headerWithoutDigests = "runbook-build 1"

    /// Whether every file the build wrote is still there as it was written.
    public func outputsIntact(in destination: String) -> Bool {
        // On all cores: a stat per published file is most of a no-op build's wait.
        let all = Array(files)
        let chunks = chunkRanges(count: all.count, size: 256)
        let intact = parallelMap(chunks.count) { part in
            all[chunks[part]].allSatisfy { path, stamp in
                Self.stamp(of: joinPath(destination, path)) == stamp
            }
        }
        return !intact.contains(false)
    }

    static func stamp(of path: String) -> Stamp? { FileStamp.of(path) }

    /// Tab-separated lines; messages cannot hold tabs or line breaks after `clean`.
    func serialized() -> String { String(decoding: serializedBytes(), as: UTF8.self) }

    /// The record's bytes, with the destination's line after the header when one is given.
    func serializedBytes(destination: String? = nil) -> [UInt8] {
        var lines = [Self.header] + (destination.map { ["destination\t" + Self.clean($0)] } ?? [])
        lines += ["inputs\t\(inputs)", "pages\t\(pageCount)", "rules\t\(resolvedRuleCount)"]
        for diagnostic in diagnostics {
            let location = diagnostic.location
            lines.append(["diagnostic", diagnostic.severity.rawValue, diagnostic.code.rawValue, Self.clean(diagnostic.message),
                          location.map { Self.clean($0.file) } ?? "", location?.line.map(String.init) ?? "",
                          location?.column.map(String.init) ?? "", location == nil ? "-" : "+"].joined(separator: "\t"))
        }
        var bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // A line per published file, made as bytes (interpolating four fields into each of
        // thousands of lines was most of saving the record), on all cores, in no fixed order:
        // the stamps differ on every build anyway, and sorting 234,000 paths at 100x was a
        // quarter second at the end of the build with one core idle.
        let entries = Array(files)
        let chunks = chunkRanges(count: entries.count, size: 4096)
        let parts = parallelMap(chunks.count) { part in
            var lines: [UInt8] = []
            lines.reserveCapacity(chunks[part].count * 80)
            for (path, stamp) in entries[chunks[part]] {
                lines.append(literal: "file\t")
                appendDecimal(stamp.size, to: &lines)
                lines.append(UInt8(ascii: "\t"))
                appendDecimal(stamp.modified, to: &lines)
                lines.append(UInt8(ascii: "\t"))
                if let digest = contents[path] { Self.appendHex(digest, to: &lines) } else { lines.append(UInt8(ascii: "-")) }
                lines.append(UInt8(ascii: "\t"))
                lines.append(utf8Of: Self.clean(path))
                lines.append(UInt8(ascii: "\n"))
            }
            return lines
        }
        bytes.reserveCapacity(bytes.count + parts.reduce(0) { $0 + $1.count })
        for part in parts { bytes += part }
        return bytes
    }

    /// Lowercase hexadecimal without leading zeros, as `String(value, radix: 16)` writes it.
    private static func appendHex(_ value: UInt64, to bytes: inout [UInt8]) {
        var shift = 60
        while shift > 0 && (value >> UInt64(shift)) & 0xF == 0 { shift -= 4 }
        while shift >= 0 {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
            shift -= 4
        }
    }

    static func parse(_ text: String) -> BuildManifest? {
        parse(Array(text.utf8)[...])
    }

    /// Works on bytes: a record names every published file, and splitting its text by
    /// characters took longer than checking the files it names.
    static func parse(_ bytes: ArraySlice<UInt8>) -> BuildManifest? {
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)[...]
        guard let first = lines.first, first.elementsEqual(header.utf8) || first.elementsEqual(headerWithoutDigests.utf8) else { return nil }
        lines = lines.dropFirst()
        var manifest = BuildManifest(inputs: 0, pageCount: 0, resolvedRuleCount: 0, diagnostics: [], files: [:])
        func text(_ field: ArraySlice<UInt8>) -> String { String(decoding: field, as: UTF8.self) }
        manifest.files.reserveCapacity(lines.count)
        manifest.contents.reserveCapacity(lines.count)
        for line in lines {
            let fields = line.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false)
            // The common line first, its numbers read from the bytes: a record has thousands.
            if fields.count == 5, fields[0].elementsEqual("file".utf8) {
                guard let size = decimal(fields[1]), let modified = decimal(fields[2]) else { return nil }
                let path = text(fields[4])
                manifest.files[path] = Stamp(size: size, modified: modified)
                if let digest = hexadecimal(fields[3]) { manifest.contents[path] = digest }
                continue
            }
            switch fields.first.map(text) {
            case "inputs": manifest.inputs = fields.count > 1 ? UInt64(text(fields[1])) ?? 0 : 0
            case "pages": manifest.pageCount = fields.count > 1 ? Int(text(fields[1])) ?? 0 : 0
            case "rules": manifest.resolvedRuleCount = fields.count > 1 ? Int(text(fields[1])) ?? 0 : 0
            case "diagnostic":
                let fields = fields.map(text)
                guard fields.count == 8, let severity = Severity(rawValue: fields[1]), let code = DiagnosticCode(rawValue: fields[2]) else { return nil }
                var diagnostic = Diagnostic(code, fields[3], at: fields[7] == "+"
                    ? SourceLocation(file: fields[4], line: Int(fields[5]), column: Int(fields[6])) : nil)
                diagnostic.severity = severity
                manifest.diagnostics.append(diagnostic)
            case "file":
                // `file size modified digest path`; version 1 had no digest.
                guard fields.count == 4 || fields.count == 5, let size = Int(text(fields[1])), let modified = Int(text(fields[2]))
                else { return nil }
                let path = text(fields[fields.count - 1])
                manifest.files[path] = Stamp(size: size, modified: modified)
                if fields.count == 5, let digest = UInt64(text(fields[3]), radix: 16) { manifest.contents[path] = digest }
            default:
                return nil
            }
        }
        return manifest.inputs == 0 ? nil : manifest
    }

    /// `Int(String)` over bytes: an optional sign, then digits.
    private static func decimal(_ field: ArraySlice<UInt8>) -> Int? {
        var digits = field
        let negative = digits.first == UInt8(ascii: "-")
        if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
        guard !digits.isEmpty else { return nil }
        var value = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflowAdding) = times.addingReportingOverflow(Int(byte - UInt8(ascii: "0")))
            guard !overflow, !overflowAdding else { return nil }
            value = sum
        }
        return negative ? -value : value
    }

    /// `UInt64(String, radix: 16)` over bytes, as `serialized` writes it; nil for `-`.
    private static func hexadecimal(_ field: ArraySlice<UInt8>) -> UInt64? {
        guard !field.isEmpty, field.count <= 16 else { return nil }
        var value: UInt64 = 0
        for byte in field {
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }

    /// The record of a destination's last build in a cache folder: named after the
    /// destination's canonical path, which the file repeats on its first line after the header.
    public static func recordPath(cache: String, destination: String) -> String {
        var hash = StableHash()
        hash.combine(SiteWriter.canonicalPath(destination))
        return joinPath(joinPath(cache, "builds"), String(hash.value, radix: 16) + ".manifest")
    }

    /// Reads the manifest of a destination's last build from the cache, if there is a valid one for it.
    public static func read(cache: String, destination: String) -> BuildManifest? {
        guard let (bytes, rest) = recorded(cache: cache, destination: destination) else { return nil }
        // The header line, then what follows the destination line.
        guard let end = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return parse(bytes[...end] + bytes[rest...])
    }

    /// Whether the cache records a build of this destination: then a non-empty destination is
    /// ours. Reads the header and the destination line only.
    public static func hasRecord(cache: String, destination: String) -> Bool {
        guard let (bytes, _) = recorded(cache: cache, destination: destination, linesOnly: true) else { return false }
        return bytes.starts(with: (header + "\n").utf8) || bytes.starts(with: (headerWithoutDigests + "\n").utf8)
    }

    /// The record's bytes when its second line names this destination, with where the line after
    /// it starts; with `linesOnly`, only as many bytes as those two lines take (the whole record
    /// was already read once by the build that asks).
    private static func recorded(cache: String, destination: String, linesOnly: Bool = false) -> ([UInt8], Int)? {
        let expected = "destination\t" + clean(SiteWriter.canonicalPath(destination))
        let path = recordPath(cache: cache, destination: destination)
        let lines = max(header.utf8.count, headerWithoutDigests.utf8.count) + expected.utf8.count + 2
        guard let bytes = linesOnly ? FileSystem.readPrefix(path, count: lines) : FileSystem.readCacheFile(path),
              let first = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        let second = bytes[(first + 1)...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
        guard bytes[(first + 1)..<second].elementsEqual(expected.utf8) else { return nil }
        return (bytes, min(second + 1, bytes.endIndex))
    }

    /// Saves the manifest as the destination's record (write to a temporary name, then rename).
    public func save(cache: String, destination: String) throws {
        let path = Self.recordPath(cache: cache, destination: destination)
        let bytes = serializedBytes(destination: SiteWriter.canonicalPath(destination))
        try FileSystem.createDirectory(parentPath(path))
        let temporary = path + ".tmp"
        FileSystem.removeTree(temporary)
        try FileSystem.writeNew(bytes, to: temporary)
        try FileSystem.rename(temporary, to: path)
    }

    /// A folder that is not a usable cache for this destination: inside it, or the same folder.
    public static func cacheProblem(cache: String, destination: String) -> String? {
        let cacheFolder = SiteWriter.canonicalPath(cache)
        let target = SiteWriter.canonicalPath(destination)
        if cacheFolder == target || cacheFolder.hasPrefix(target + "/") {
            return "the cache folder \(cache) is inside the destination \(destination), which holds only the site; choose another --cache-dir"
        }
        return nil
    }

    private static func clean(_ text: String) -> String {
        // Nearly every path and message has none: returned as it is, without a walk by Character.
        guard text.containsUTF8Byte(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        return String(text.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
    }
}
