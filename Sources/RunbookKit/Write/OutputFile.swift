/// One file of the built site, held in memory until the writer syncs the destination.
public struct OutputFile: Sendable, Hashable {
    /// Path relative to the destination (`runbooks/x/y/index.html`).
    public let path: String
    public let bytes: [UInt8]

    public init(path: String, bytes: [UInt8]) {
        self.path = path
        self.bytes = bytes
    }

    public init(path: String, text: String) {
        self.init(path: path, bytes: Array(text.utf8))
    }
}
