import Foundation

/// `--open`: opens the site in the desktop's browser with `xdg-open` (or `open` on macOS).
public enum BrowserOpener {
    /// Starts the opener without waiting for it; returns why it could not, if it could not.
    public static func open(_ url: String) -> String? {
        #if os(macOS)
        let command = "open"
        #else
        let command = "xdg-open"
        #endif
        guard let executable = findExecutable(command) else {
            return "--open: \(command) is not installed; open \(url) in your browser"
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = [url]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return "--open: cannot run \(command): \(error.localizedDescription); open \(url) in your browser"
        }
        return nil
    }

    /// The first executable named `name` on PATH.
    static func findExecutable(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
