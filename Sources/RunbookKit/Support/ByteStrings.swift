/// Byte strings kept one after another in one array, with where each ends: a page's search
/// terms, the keys of a `ByteKeyTable`. One buffer for all of them, where an array of Strings
/// made (and freed) one each.
struct ByteStrings: Equatable {
    private(set) var bytes: [UInt8] = []
    /// Where each string ends in `bytes` (it starts where the one before ends).
    private(set) var ends: [Int] = []

    init() {}

    init(reservingBytes byteCount: Int, strings count: Int) {
        bytes.reserveCapacity(byteCount)
        ends.reserveCapacity(count)
    }

    var count: Int { ends.count }
    var isASCII: Bool { bytes.withUnsafeBufferPointer(WordScan.isASCII) }

    mutating func append(_ string: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: string)
        ends.append(bytes.count)
    }

    mutating func append(_ string: String) {
        bytes.append(utf8Of: string)
        ends.append(bytes.count)
    }

    /// The `index`th string's bytes, valid only during the call.
    func withBytes<Result>(of index: Int, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        bytes.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range(of: index)])) }
    }

    /// Each string's bytes in order, valid only during the call.
    func forEach(_ body: (Int, UnsafeBufferPointer<UInt8>) -> Void) {
        bytes.withUnsafeBufferPointer { all in
            for index in ends.indices { body(index, UnsafeBufferPointer(rebasing: all[range(of: index)])) }
        }
    }

    func string(_ index: Int) -> String {
        withBytes(of: index) { String(decoding: $0, as: UTF8.self) }
    }

    var strings: [String] { (0..<count).map(string) }

    private func range(of index: Int) -> Range<Int> {
        (index == 0 ? 0 : ends[index - 1])..<ends[index]
    }
}
