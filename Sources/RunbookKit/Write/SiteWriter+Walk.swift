#if canImport(Glibc)
import Glibc
#endif

extension SiteWriter {
    /// A destination's files as `siteFiles` lists them, walked ahead of `open` (on another core
    /// while the build renders). `open` uses it when it names the folder it opens.
    public struct Listing: Sendable {
        let root: String
        let files: [String]

        /// The folder at `destination`, resolved as `open` resolves it.
        public static func of(_ destination: String) -> Listing {
            let root = canonicalPath(destination)
            return Listing(root: root, files: siteFiles(in: root))
        }
    }

    /// Regular files of a published site, relative to it: not below its top-level dot entries,
    /// never through a symlink. In no order.
    ///
    /// Every build that updates a destination walks it (a file per page and a folder per page),
    /// so the walk opens each folder by descriptor relative to the root and builds paths from
    /// bytes, and the folders below the first two levels are walked on all cores:
    /// a walk by path strings was a third of a one-page build.
    static func siteFiles(in root: String) -> [String] {
        let top = Glibc.open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard top >= 0 else { return [] }
        defer { close(top) }
        var result: [String] = []
        var folders: [[UInt8]] = []
        // The first level (where dot entries are left out) and the second, here; below, on all cores.
        for name in FolderListing.entries(ofOwned: dup(top), skippingDotNames: true) {
            switch name.kind {
            case .file: result.append(String(decoding: name.bytes, as: UTF8.self))
            case .directory: folders.append(name.bytes)
            }
        }
        var second: [(parent: Int, name: [UInt8])] = []
        for (index, folder) in folders.enumerated() {
            for name in FolderListing.entries(ofOwned: FolderListing.openFolder(folder, at: top), skippingDotNames: false) {
                switch name.kind {
                case .file: result.append(String(decoding: folder + [UInt8(ascii: "/")] + name.bytes, as: UTF8.self))
                case .directory: second.append((index, name.bytes))
                }
            }
        }
        let walked = second, named = folders
        let below: [[String]] = parallelMap(walked.count) { index in
            var files: [String] = []
            var path = named[walked[index].parent] + [UInt8(ascii: "/")] + walked[index].name
            FolderListing.walk(&path, top: top, into: &files, depth: 2)
            return files
        }
        for files in below { result += files }
        return result
    }
}

/// `readdir` over folder descriptors, for `SiteWriter.siteFiles`. Each listing takes over the
/// descriptor it is given (its `closedir` closes it): a `dup` per folder was a fifth of the
/// walk's system calls.
private enum FolderListing {
    enum Kind { case file, directory }

    /// Opens the folder at `name` (one name, or a path of names) in `parent`, without
    /// following a symlink at its last name; the walk never lists a symlink, so none of the
    /// names before it is one unless the tree changes while it is walked.
    static func openFolder(_ name: [UInt8], at parent: Int32) -> Int32 {
        (name + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                text.baseAddress.map { openat(parent, $0, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC) } ?? -1
            }
        }
    }

    /// A folder's regular files and folders (symlinks and others left out), by name; the
    /// descriptor is closed after.
    static func entries(ofOwned descriptor: Int32, skippingDotNames: Bool) -> [(bytes: [UInt8], kind: Kind)] {
        guard descriptor >= 0 else { return [] }
        guard let handle = fdopendir(descriptor) else {
            close(descriptor)
            return []
        }
        defer { closedir(handle) }
        return entries(of: handle, skippingDotNames: skippingDotNames)
    }

    private static func entries(of handle: OpaquePointer, skippingDotNames: Bool) -> [(bytes: [UInt8], kind: Kind)] {
        let descriptor = dirfd(handle)
        var result: [(bytes: [UInt8], kind: Kind)] = []
        while let entry = readdir(handle) {
            let (bytes, type) = withUnsafeBytes(of: entry.pointee.d_name) { raw -> ([UInt8], Int32) in
                let length = raw.firstIndex(of: 0) ?? raw.count
                return (Array(raw[..<length]), Int32(entry.pointee.d_type))
            }
            if bytes == [UInt8(ascii: ".")] || bytes == [UInt8(ascii: "."), UInt8(ascii: ".")] { continue }
            if skippingDotNames && bytes.first == UInt8(ascii: ".") { continue }
            let kind: Kind?
            switch type {
            case Int32(DT_REG): kind = .file
            case Int32(DT_DIR): kind = .directory
            case Int32(DT_UNKNOWN): kind = Self.kind(of: bytes, at: descriptor)
            default: kind = nil  // a symlink is never followed; sockets and the like are not the site's
            }
            if let kind { result.append((bytes, kind)) }
        }
        return result
    }

    /// No type from `readdir` (some file systems): asked without following a symlink.
    private static func kind(of name: [UInt8], at descriptor: Int32) -> Kind? {
        var info = stat()
        let found = (name + [0]).withUnsafeBufferPointer { bytes in
            bytes.withMemoryRebound(to: CChar.self) { text in
                text.baseAddress.map { fstatat(descriptor, $0, &info, AT_SYMLINK_NOFOLLOW) == 0 } ?? false
            }
        }
        guard found else { return nil }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .file
        case S_IFDIR: return .directory
        default: return nil
        }
    }

    /// Every file in the folder at `path` (from the root open at `top`) and below, appended as
    /// paths from the root. A folder is listed and closed before its subfolders are walked, so
    /// a walk holds one descriptor however deep the tree (a site's depth comes from its pages).
    static func walk(_ path: inout [UInt8], top: Int32, into files: inout [String], depth: Int) {
        // A real tree this deep is not a published site; the cap only bounds the recursion.
        guard depth < 256 else { return }
        let length = path.count
        for name in entries(ofOwned: openFolder(path, at: top), skippingDotNames: false) {
            path.append(UInt8(ascii: "/"))
            path += name.bytes
            switch name.kind {
            case .file: files.append(String(decoding: path, as: UTF8.self))
            case .directory: walk(&path, top: top, into: &files, depth: depth + 1)
            }
            path.removeSubrange(length...)
        }
    }
}
