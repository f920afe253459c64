import Foundation
import Testing
@testable import RunbookKit
import RunbookTestSupport

/// `FileSystem.readBytes` stops at a regular file's size without the read that finds its end,
/// and reads anything else (no size, or a wrong one) to its end.
@Suite struct ReadBytesTests {
    @Test(arguments: [0, 1, 4095, 4096, 65_537, 300_000])
    func aRegularFileIsReadWhole(size: Int) throws {
        let site = TestSite("-- a.txt --\n")
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try Data(bytes).write(to: URL(fileURLWithPath: site.root + "/a.txt"))
        #expect(try FileSystem.readBytes(site.root + "/a.txt") == bytes)
    }

    @Test func aFileWithoutASizeIsReadToItsEnd() throws {
        // procfs reports a size of 0 for a file that holds text.
        let text = String(decoding: try FileSystem.readBytes("/proc/self/status"), as: UTF8.self)
        #expect(text.contains("Name:") && text.contains("Pid:"))
    }

    @Test func aFileOverTheLimitIsNotRead() throws {
        let site = TestSite("-- big.txt --\n" + String(repeating: "x", count: 100) + "\n")
        guard case .tooLarge(let size) = try FileSystem.readBytes(site.root + "/big.txt", limit: 50) else {
            Issue.record("read a file over the limit")
            return
        }
        #expect(size == 101)
    }
}
