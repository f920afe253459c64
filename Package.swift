// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "runbook",
    platforms: [.macOS(.v14)],
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
    ],
    targets: [
        // Debian's libcmark (libcmark-dev); no `link` in the module map so a static build stays possible.
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .target(
            name: "RunbookKit",
            dependencies: [
                "CCmark",
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
        .executableTarget(
            name: "runbook",
            dependencies: [
                "RunbookKit",
                "RunbookServer",
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
            dependencies: ["RunbookKit", "RunbookTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]
        ),
        .testTarget(
            name: "RunbookServerTests",
            dependencies: ["RunbookServer", "RunbookKit", "RunbookTestSupport"]
        ),
        .testTarget(
            name: "runbookTests",
            dependencies: ["runbook", "RunbookKit", "RunbookTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
