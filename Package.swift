// swift-tools-version:6.2
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "kabinet",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kabinet", targets: ["kabinet"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", from: "2.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird.git", from: "2.1.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-nio-extras.git", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/vapor/jwt-kit.git", from: "5.7.1"),
    ],
    targets: [
        // Pure value types shared by every layer: no I/O.
        .target(name: "Domain", swiftSettings: swiftSettings),
        // Pure double-entry posting rules.
        .target(name: "Ledger", dependencies: ["Domain"], swiftSettings: swiftSettings),
        // Pure rating rules: usage records, rounding, unit prices.
        .target(name: "Rating", dependencies: ["Domain"], swiftSettings: swiftSettings),
        // Store ports and the transaction boundary; no SQL here.
        .target(name: "Storage", dependencies: ["Domain", "Ledger"], swiftSettings: swiftSettings),
        // The system's SQLite (libsqlite3-dev) through a module map of our own: one SQLite copy per process.
        .systemLibrary(name: "CSQLite", providers: [.apt(["libsqlite3-dev"])]),
        // The store ports on SQLite (the system library's C API) and PostgreSQL (PostgresNIO).
        .target(
            name: "StorageSQL",
            dependencies: [
                "Storage", "Domain", "Ledger", "CSQLite",
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // SMPP 3.4: a pure PDU codec, text encoding and session state machine, and the NIO client that runs them.
        .target(
            name: "SMPP",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // Use cases that every channel calls.
        .target(
            name: "Core",
            dependencies: [
                "Domain", "Ledger", "Rating", "Storage",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Resources/common-passwords.txt"), .copy("Resources/common-passwords.NOTICE")],
            swiftSettings: swiftSettings
        ),
        // USSD and SMS command parsers, menus and replies.
        .target(name: "Channels", dependencies: ["Domain", "Core"], swiftSettings: swiftSettings),
        // The mobile-app API: OpenAPI contract and its mapping to Core.
        .target(
            name: "MobileAPI",
            dependencies: [
                "Domain", "Core",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
            ],
            resources: [.copy("openapi.yaml")],
            swiftSettings: swiftSettings,
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The web cabinet: pages, templates, sessions, gateway endpoints.
        .target(
            name: "Web",
            dependencies: [
                "Domain", "Core", "Channels",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates"), .copy("Static"), .copy("Fonts"), .copy("Specifications")],
            swiftSettings: swiftSettings
        ),
        // Payment provider adapters: the demo sandbox with its hosted page, and a YooKassa-style API client.
        .target(
            name: "Providers",
            dependencies: [
                "Domain", "Core",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "JWTKit", package: "jwt-kit"),
            ],
            swiftSettings: swiftSettings
        ),
        // Composition root: the only production target that sees live adapters (the store included); the
        // channels, web and API see Core and Domain only.
        .target(
            name: "App",
            dependencies: [
                "Domain", "Ledger", "Storage", "StorageSQL", "Core", "Channels", "MobileAPI", "Web", "Providers", "SMPP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // The demo's people, catalogue, company and usage: seeded by `kabinet demo` and the tests, never by `serve`.
        .target(
            name: "Demo",
            dependencies: ["App", "Core", "Domain", "Ledger", "Rating", "Storage"],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        // `kabinet bench` and `kabinet usage generate`: bulk data, raw references and runners. They reach
        // into the SQL store through its package-level API, which nothing in production sees.
        .target(
            name: "Benchmarks",
            dependencies: [
                "App", "Demo", "Core", "Domain", "Ledger", "Rating", "Storage", "StorageSQL", "SMPP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "kabinet",
            dependencies: [
                "App", "Demo", "Benchmarks", "Core", "Domain", "Channels", "Storage",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "TestSupport",
            dependencies: [
                "App", "Demo", "Core", "Domain", "Storage", "StorageSQL", "Web", "Providers",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOExtras", package: "swift-nio-extras"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KabinetTests",
            dependencies: [
                "TestSupport", "App", "Demo", "Core", "Domain", "Ledger", "Rating", "Storage", "StorageSQL", "Channels", "Web",
                "MobileAPI", "Providers", "SMPP",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
