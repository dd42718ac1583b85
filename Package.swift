// swift-tools-version:6.2
import PackageDescription

// Module targets may import Kernel and the modules they declare as dependencies, nothing else;
// `ModuleBoundaryTests` checks that this manifest and each module's `dependencies` agree.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    // Generic kernel code (input readers, operation wrappers) specialized in the modules that
    // call it; release builds only.
    .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release)),
]

func module(_ name: String, dependsOn modules: [String] = [], extra: [Target.Dependency] = []) -> Target {
    .target(
        name: name,
        dependencies: ["Kernel"] + modules.map { Target.Dependency(stringLiteral: $0) } + extra,
        path: "Modules/\(name)",
        swiftSettings: swiftSettings
    )
}

let package = Package(
    name: "ecom",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecom", targets: ["ecom"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.7.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-crypto", "4.1.0"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        .systemLibrary(
            name: "CHiredis",
            path: "Sources/CHiredis",
            pkgConfig: "hiredis",
            providers: [.apt(["libhiredis-dev"])]
        ),
        .target(
            name: "Kernel",
            dependencies: [
                "CHiredis",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Transports",
            dependencies: [
                "Kernel",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Metrics", package: "swift-metrics"),
                // HTTPRequestPart/HTTPResponsePart for the request read timeout channel handler.
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                // HTTPParserError, for a body cut off by the end of its connection.
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        module(
            "Auth",
            extra: [
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        module("Catalog"),
        module("Inventory", dependsOn: ["Catalog"]),
        module("Orders", dependsOn: ["Auth", "Catalog", "Inventory"]),
        module("Payments", dependsOn: ["Orders"]),
        .executableTarget(
            name: "ecom",
            dependencies: [
                "Kernel", "Transports", "Auth", "Catalog", "Inventory", "Orders", "Payments",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "Kernel", "Transports", "Auth", "Catalog", "Inventory", "Orders", "Payments",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuthTests",
            dependencies: [
                "Auth", "Kernel", "TestSupport", "Transports",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CatalogTests",
            dependencies: [
                "Catalog", "Kernel", "TestSupport", .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "InventoryTests",
            dependencies: [
                "Inventory", "Catalog", "Kernel", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "KernelTests", dependencies: ["Kernel", "TestSupport"], swiftSettings: swiftSettings),
        .testTarget(
            name: "OrdersTests",
            dependencies: [
                "Orders", "Inventory", "Catalog", "Auth", "Kernel", "TestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "PaymentsTests", dependencies: ["Payments", "Orders", "Kernel", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TransportsTests",
            dependencies: [
                "Kernel", "Transports", "TestSupport", "Catalog",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "Kernel", "Transports", "TestSupport", "Auth", "Catalog", "Inventory", "Orders", "Payments",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
