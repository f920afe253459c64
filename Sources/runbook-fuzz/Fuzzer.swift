// Fuzz targets for libFuzzer. `make fuzz` builds this with `-sanitize=fuzzer,address
// -parse-as-library -D FUZZING` (libFuzzer brings `main`) and runs each target in turn, chosen
// by RUNBOOK_FUZZ_TARGET. Built normally, it replays inputs instead:
//     runbook-fuzz <target> <file>...      runs each file through the target (a crash reproduces)
//     runbook-fuzz --list                  names the targets
#if FUZZING
import Foundation

nonisolated(unsafe) private let target: ([UInt8]) -> Void = {
    let name = ProcessInfo.processInfo.environment["RUNBOOK_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all[name] else {
        print("set RUNBOOK_FUZZ_TARGET to one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
        exit(2)
    }
    return target
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    target(data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? [])
    return 0
}

// SwiftPM links an executable's entry point as `<module>_main` (so tests can load it), which
// hides libFuzzer's own `main`; this one hands over to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

@_cdecl("runbook_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
#else
import Foundation

@main
enum Replay {
    static func main() {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "--list" || arguments.isEmpty {
            print(FuzzTargets.all.keys.sorted().joined(separator: "\n"))
            exit(arguments.isEmpty ? 2 : 0)
        }
        guard let target = FuzzTargets.all[arguments[0]] else {
            print("unknown target \(arguments[0]); one of: \(FuzzTargets.all.keys.sorted().joined(separator: ", "))")
            exit(2)
        }
        for path in arguments.dropFirst() {
            guard let data = FileManager.default.contents(atPath: path) else {
                print("cannot read \(path)")
                exit(1)
            }
            target(Array(data))
        }
    }
}
#endif
