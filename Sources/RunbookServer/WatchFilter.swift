/// Which file names the watcher ignores: editors' temporary, swap and backup files, which
/// come and go on every save and never change the site.
public enum WatchFilter {
    /// `.x.swp`, `x~`, `.#x`, `#x#`, vim's `4913` probe, JetBrains' `x___jb_tmp___`, …
    public static func isIgnored(name: String) -> Bool {
        if name.isEmpty || name == "4913" || name == ".DS_Store" || name == "Thumbs.db" { return true }
        if name.hasSuffix("~") || name.hasPrefix(".#") { return true }
        if name.hasPrefix("#") && name.hasSuffix("#") { return true }
        if name.hasSuffix("___jb_tmp___") || name.hasSuffix("___jb_old___") { return true }
        let lowered = name.lowercased()
        for suffix in [".swp", ".swo", ".swx", ".swpx", ".tmp", ".crdownload", ".part", ".kate-swp"] where lowered.hasSuffix(suffix) {
            return true
        }
        // `.x.md.12345.tmp`-style atomic-save files and sed's `sedAbC123`.
        if name.hasPrefix(".") && name.contains(".tmp") { return true }
        if name.hasPrefix("sed") && name.count == 9 && !name.contains(".") { return true }
        return false
    }

    /// Whether a path (relative to the source folder) is one the watcher reports.
    public static func isIgnored(path: String) -> Bool {
        path.split(separator: "/").contains { isIgnored(name: String($0)) || $0 == ".git" }
    }
}
