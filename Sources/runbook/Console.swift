#if canImport(Glibc)
import Glibc
#endif

/// Writing to the terminal: diagnostics and summaries on stderr, results on stdout. Plain
/// `write(2)` on the descriptors: C's `stderr` is a global Swift 6 will not share across tasks.
enum Console {
    static func error(_ text: String) { write(text + "\n", to: 2) }
    static func output(_ text: String) { write(text + "\n", to: 1) }

    static func write(_ text: String, to descriptor: Int32) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Colour only when stderr is a terminal and NO_COLOR is unset.
    static var colourOnStderr: Bool { isatty(2) == 1 && getenv("NO_COLOR") == nil }
}
