// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "pomo",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "pomod", targets: ["pomod"]),
        .executable(name: "pomo", targets: ["pomo"]),
        .library(name: "PomoClient", targets: ["PomoClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/vapor/sql-kit", from: "3.36.0"),
        .package(url: "https://github.com/vapor/sqlite-kit", from: "4.5.2"),
        .package(url: "https://github.com/vapor/postgres-kit", from: "2.17.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        // The webhook deliverer's HTTP client: NIO and NIOSSL are already in the graph (Hummingbird,
        // PostgresNIO), so it costs no build of its own.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    ],
    targets: [
        // Domain: entities, rules, clock, store protocols and in-memory stores. Foundation only.
        .target(name: "PomoCore"),
        // The four dialects' HTTP shapes and the JSON engine (reader, tree decoder, writer): what the
        // server answers and the client reads. The domain does not know them.
        .target(name: "PomoWire", dependencies: ["PomoCore"]),
        // SQL stores over SQLKit: one code path for SQLite and PostgreSQL.
        .target(
            name: "PomoStore",
            dependencies: [
                "PomoCore",
                // The JSON writer, for the Proof-of-Focus factors it stores as JSON.
                "PomoWire",
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "PostgresKit", package: "postgres-kit"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PomoServer",
            dependencies: [
                "PomoCore",
                "PomoWire",
                "PomoStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            // The web app's page, script and styles, served by pomod itself.
            resources: [.copy("Web/Assets")]
        ),
        .executableTarget(
            name: "pomod",
            dependencies: [
                "PomoServer", "PomoStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // The one Swift client of Pomo's API (URLSession; no server dependency).
        .target(name: "PomoClient", dependencies: ["PomoCore", "PomoWire"]),
        // The `pomo` commands, the countdown and the terminal handling; `pomo` itself only runs them.
        .target(
            name: "PomoCLI",
            dependencies: [
                "PomoClient",
                "PomoCore",
                "PomoWire",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(name: "pomo", dependencies: ["PomoCLI"]),
        // Opens throwaway SQLite files and PostgreSQL databases for the tests.
        .target(
            name: "PomoTestSupport",
            dependencies: [
                "PomoStore", "PomoCore", .product(name: "Logging", package: "swift-log"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            path: "Tests/PomoTestSupport"
        ),
        .testTarget(name: "PomoCoreTests", dependencies: ["PomoCore"]),
        .testTarget(name: "PomoWireTests", dependencies: ["PomoWire", "PomoCore"]),
        .testTarget(name: "PomoCLITests", dependencies: ["PomoCLI", "PomoClient", "PomoCore", "PomoWire"]),
        .testTarget(name: "PomoStoreTests", dependencies: ["PomoStore", "PomoCore", "PomoWire", "PomoTestSupport"]),
        .testTarget(
            name: "PomoServerTests",
            dependencies: [
                "PomoServer",
                "PomoClient",
                "PomoCore",
                "PomoWire",
                "PomoTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "JWTKit", package: "jwt-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
            ],
            exclude: ["Fixtures"]
        ),
    ],
    swiftLanguageModes: [.v6]
)

// Every target: a file uses another module's members only when it imports that module itself,
// as Hummingbird's own package requires (SE-0444).
for target in package.targets {
    target.swiftSettings = (target.swiftSettings ?? []) + [.enableUpcomingFeature("MemberImportVisibility")]
}
