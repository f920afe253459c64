// swift-tools-version: 6.1
import PackageDescription

// The commit `runbook --version` names: `make dist` and `make release` set RUNBOOK_COMMIT; a plain
// `swift build` says "unknown". Only hex digits pass, so the define stays a plain string.
let commit = Context.environment["RUNBOOK_COMMIT"].flatMap { value in
    !value.isEmpty && value.count <= 40 && value.allSatisfy(\.isHexDigit) ? value : nil
}

// Linux only (glibc calls, /proc, inotify): no `platforms`, which would promise macOS.
let package = Package(
    name: "runbook",
    products: [
        .executable(name: "runbook", targets: ["runbook"]),
        .library(name: "RunbookKit", targets: ["RunbookKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
    ],
    targets: [
        // Debian's libcmark (libcmark-dev); no `link` in the module map so a static build stays possible.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // The commit the binary was built from, as a C string: a define changes one tiny C file,
        // not the compile flags of every Swift module.
        .target(
            name: "RunbookBuildInfo",
            cSettings: commit.map { [.define("RUNBOOK_COMMIT", to: "\"\($0)\"")] } ?? []
        ),
        .target(
            name: "RunbookKit",
            dependencies: [
                "CCmark",
                "RunbookBuildInfo",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "TOMLKit", package: "TOMLKit"),
            ]
        ),
        .target(
            name: "RunbookServer",
            dependencies: [
                "RunbookKit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        // `lint --external` over async-http-client (SwiftNIO, as the server): its own target so
        // RunbookKit neither waits for BoringSSL to compile nor links an HTTP stack.
        .target(
            name: "RunbookLinkFetcher",
            dependencies: [
                "RunbookKit",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookKit",
                "RunbookServer",
                "RunbookLinkFetcher",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Times serve's incremental rebuilds (bench/run); not installed.
        .executableTarget(
            name: "runbook-bench",
            dependencies: ["RunbookKit"]
        ),
        // libFuzzer targets (`make fuzz`, docs/fuzzing-and-limits.md); a normal build replays inputs.
        .executableTarget(
            name: "runbook-fuzz",
            dependencies: ["RunbookKit", .product(name: "Yams", package: "Yams")]
        ),
        // Fixture sites, the corpus' location and waiting helpers, shared by the test targets.
        .target(
            name: "RunbookTestSupport",
            dependencies: ["RunbookKit"],
            path: "Tests/RunbookTestSupport"
        ),
        .testTarget(
            name: "RunbookKitTests",
            dependencies: ["RunbookKit", "RunbookLinkFetcher", "RunbookTestSupport",
                           .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RunbookServerTests",
            dependencies: ["RunbookServer", "RunbookKit", "RunbookTestSupport"]
        ),
        .testTarget(
            name: "runbookTests",
            dependencies: ["runbook", "RunbookKit", "RunbookTestSupport", .product(name: "Yams", package: "Yams")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
