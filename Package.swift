// swift-tools-version: 6.0
// Warden: model registry, inference server and drift monitor for scikit-learn anomaly models.
import PackageDescription

let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// The web UI's templates, stylesheet and script, compiled into the binary (`PackageResources`): nothing to install
/// beside it, nothing fetched at run time.
enum UIResources {
    static let templates = [
        "layout", "signin", "error", "dashboard", "models", "version", "confirm", "agents", "agent", "anomalies",
        "anomaly", "security", "audit", "import", "monitoring", "compare", "shadow", "training",
    ]
    static let all: [Resource] =
        templates.map { .embedInCode("Templates/\($0).mustache") } + [
            .embedInCode("Static/ui.css"), .embedInCode("Static/ui.js"),
        ]
}

let package = Package(
    name: "warden",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "warden", targets: ["warden"]),
        .library(name: "DataFormats", targets: ["DataFormats"]),
        .library(name: "Pickle", targets: ["Pickle"]),
        .library(name: "ModelRuntime", targets: ["ModelRuntime"]),
        .library(name: "ModelPackage", targets: ["ModelPackage"]),
        .library(name: "Registry", targets: ["Registry"]),
        .library(name: "PackageImport", targets: ["PackageImport"]),
        .library(name: "RegistrySQLite", targets: ["RegistrySQLite"]),
        .library(name: "RegistryPostgres", targets: ["RegistryPostgres"]),
        .library(name: "Monitoring", targets: ["Monitoring"]),
        .library(name: "DriftService", targets: ["DriftService"]),
        .library(name: "AccessControl", targets: ["AccessControl"]),
        .library(name: "WardenConfig", targets: ["WardenConfig"]),
        .library(name: "Serving", targets: ["Serving"]),
        .library(name: "WardenApp", targets: ["WardenApp"]),
        .library(name: "WardenViews", targets: ["WardenViews"]),
        .library(name: "MCPServer", targets: ["MCPServer"]),
        .library(name: "ModelServer", targets: ["ModelServer"]),
        .library(name: "WardenUI", targets: ["WardenUI"]),
        .library(name: "Agents", targets: ["Agents"]),
        .library(name: "LogSourcePostgres", targets: ["LogSourcePostgres"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/vapor/jwt-kit", from: "5.8.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
    ],
    targets: [
        // System compression libraries (Debian: zlib1g-dev, libbz2-dev, liblzma-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CBzip2", path: "Sources/CBzip2", providers: [.apt(["libbz2-dev"])]),
        .systemLibrary(name: "CLzma", path: "Sources/CLzma", providers: [.apt(["liblzma-dev"])]),

        // Text formats -> one value tree: the JSON parser (correctly rounded numbers), writer, quoter and a Decoder.
        // Imports nothing of ours, and no Foundation.
        .target(name: "DataFormats", swiftSettings: strictSwift),
        // Untrusted bytes -> value tree. Imports nothing of ours.
        .target(name: "Pickle", dependencies: ["CZlib", "CBzip2", "CLzma"], swiftSettings: strictSwift),
        // Value tree -> estimators; pure inference.
        .target(name: "ModelRuntime", dependencies: ["Pickle", "DataFormats"], swiftSettings: strictSwift),
        // Deployment packages: untrusted ZIPs read with limits (validation and import follow).
        .target(
            name: "ModelPackage",
            dependencies: ["CZlib", "ModelRuntime", "DataFormats", .product(name: "Crypto", package: "swift-crypto")],
            swiftSettings: strictSwift),
        // Domain records, the RegistryStore protocol, an in-memory store and the lifecycle rules; no database driver.
        .target(name: "Registry", dependencies: ["ModelPackage", "DataFormats"], swiftSettings: strictSwift),
        // Importing packages: validate, store artifacts content-addressed, record the version in one transaction.
        .target(
            name: "PackageImport", dependencies: ["Registry", "ModelPackage", "DataFormats"], swiftSettings: strictSwift),
        // The embedded default RegistryStore: SQLite through GRDB; imports Registry and no other store.
        .target(
            name: "RegistrySQLite",
            dependencies: [
                "Registry", "DataFormats", .product(name: "GRDB", package: "GRDB.swift"),
                // SQLite's C API, for binding log events in bulk (LogEventInsert).
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSwift),
        // The shared store for several replicas: PostgreSQL through postgres-nio's PostgresClient (a Service the
        // composition root runs); versioned migrations under an advisory lock. Imports Registry and no other store.
        .target(
            name: "RegistryPostgres",
            dependencies: [
                "Registry", "ModelPackage", "DataFormats", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        // Performance windows, drift statistics and reports. Numbers in, numbers out; Foundation only.
        .target(name: "Monitoring", swiftSettings: strictSwift),
        // Monitoring over the registry: persisted windows and aggregates, baselines, drift checks, alert history.
        .target(name: "DriftService", dependencies: ["Monitoring", "Registry"], swiftSettings: strictSwift),
        // Security primitives: API key material and salted hashes, roles and permissions, token buckets, JWTs,
        // serving modes, secrets from the environment. No HTTP, no storage.
        .target(
            name: "AccessControl",
            dependencies: [.product(name: "Crypto", package: "swift-crypto"), .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strictSwift),
        // Configuration: defaults < YAML file < WARDEN_* environment < flags, every problem reported with its path.
        .target(
            name: "WardenConfig", dependencies: ["DataFormats", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift),
        // Serving: loaded models by name and version, the atomically swapped serving pointer, lifecycle commands
        // that load before they commit, and the prediction semantics of seed 003. No HTTP.
        .target(
            name: "Serving",
            dependencies: [
                "Registry", "ModelPackage", "ModelRuntime", "DataFormats", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        // WiFi log agents' pure core: log records -> events, tumbling windows, the 17 features, anomaly
        // classification and records. No I/O; imports nothing of ours.
        .target(name: "Agents", swiftSettings: strictSwift),
        // The agents' PostgreSQL log source: pages of a table with the contract's columns through postgres-nio's
        // pool (a Service the composition root runs), rows normalised by Agents' parser. Imports Agents only.
        .target(
            name: "LogSourcePostgres",
            dependencies: ["Agents", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strictSwift),
        // The application layer: every operation of Warden (models, lifecycle, imports, predictions, monitoring,
        // security, agents) in one place, the access policy and audit, the background Services, and the one
        // composition (WardenApp.build). Stores come in as protocols; no HTTP, no driver.
        .target(
            name: "WardenApp",
            dependencies: [
                "Serving", "Registry", "PackageImport", "ModelPackage", "ModelRuntime", "Monitoring", "DriftService",
                "AccessControl", "DataFormats", "WardenConfig", "Agents",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift),
        // JSON renderings of the application's values, one shape per value whichever face shows it (JSON API, MCP).
        .target(
            name: "WardenViews",
            dependencies: [
                "WardenApp", "Registry", "Serving", "DriftService", "Monitoring", "DataFormats", "ModelRuntime", "Agents",
            ],
            swiftSettings: strictSwift),
        // The Model Context Protocol face: tools, resources and prompts over the application, each tool calling one
        // operation through WardenServices.perform; the stateless Streamable HTTP transport (mounted by
        // ModelServer at POST /mcp) and the stdio server of `warden mcp`. No Hummingbird.
        .target(
            name: "MCPServer",
            dependencies: [
                "WardenApp", "WardenViews", "Serving", "Registry", "DriftService", "Monitoring", "AccessControl",
                "DataFormats", "Agents",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSwift),
        // The web UI face: server-rendered pages (mustache templates and a stylesheet and script compiled into the
        // binary), a session cookie holding a short-lived token, CSRF tokens; every page calls the operations of
        // WardenApp through WardenServices.perform. Mounted under /ui by ModelServer; generic over the request context.
        .target(
            name: "WardenUI",
            dependencies: [
                "WardenApp", "WardenViews", "Registry", "Serving", "DriftService", "Monitoring", "AccessControl",
                "DataFormats", "Agents", "ModelPackage", "PackageImport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ],
            resources: UIResources.all,
            swiftSettings: strictSwift),
        // The HTTP faces over the application: JSON API, V2, MLflow, /metrics; authentication, rate limits, the one
        // HTTP error mapping, request ids. Thin: each route calls one operation of WardenApp.
        .target(
            name: "ModelServer",
            dependencies: [
                "WardenApp", "WardenViews", "MCPServer", "WardenUI", "Serving", "Registry", "PackageImport",
                "ModelPackage", "ModelRuntime", "Monitoring", "DriftService", "AccessControl", "DataFormats", "Pickle",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            resources: [.copy("openapi.json")],
            swiftSettings: strictSwift),
        // The executable: argument parsing and output only.
        .executableTarget(
            name: "warden",
            dependencies: [
                "ModelRuntime", "Pickle", "ModelPackage", "Registry", "RegistrySQLite", "PackageImport", "WardenConfig",
                "Serving", "WardenApp", "ModelServer", "MCPServer", "WardenUI", "Monitoring", "DriftService",
                "AccessControl", "DataFormats", "Agents", "LogSourcePostgres", "WardenViews",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift
        ),
        // Benchmark program (scripts/bench runs it beside scikit-learn and onnxruntime).
        .executableTarget(
            name: "warden-bench",
            dependencies: ["ModelRuntime", "Pickle", "DataFormats"],
            path: "Benchmarks/RuntimeBench",
            swiftSettings: strictSwift
        ),
        // Monitoring benchmark program (scripts/bench-monitoring runs it beside scipy and with HTTP on/off).
        .executableTarget(
            name: "warden-monitoring-bench",
            dependencies: ["Monitoring", "ModelRuntime", "Pickle", "DataFormats"],
            path: "Benchmarks/MonitoringBench",
            swiftSettings: strictSwift
        ),
        // Registry benchmark program (scripts/bench-registry runs it beside the seeds' Python registry).
        .executableTarget(
            name: "warden-registry-bench",
            dependencies: ["ModelRuntime", "ModelPackage", "Registry", "RegistrySQLite", "PackageImport", "DataFormats"],
            path: "Benchmarks/RegistryBench",
            swiftSettings: strictSwift
        ),
        // PostgreSQL log source benchmark program (scripts/bench-logsource loads a table and runs it).
        .executableTarget(
            name: "warden-logsource-bench",
            dependencies: ["Agents", "LogSourcePostgres", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Benchmarks/LogSourceBench",
            swiftSettings: strictSwift
        ),

        .target(
            name: "TestSupport",
            dependencies: ["Pickle", "ModelRuntime", "ModelPackage", "Registry", "PackageImport", "DataFormats"],
            path: "Tests/TestSupport", swiftSettings: strictSwift),
        .testTarget(name: "DataFormatsTests", dependencies: ["DataFormats", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "PickleTests", dependencies: ["Pickle", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(
            name: "ModelRuntimeTests", dependencies: ["ModelRuntime", "Pickle", "DataFormats", "TestSupport"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "WardenCLITests",
            dependencies: [
                "TestSupport", "DataFormats", "warden", "AccessControl", "DriftService", "ModelPackage", "ModelRuntime",
                "Monitoring", "PackageImport", "Pickle", "Registry", "Serving", "WardenConfig",
            ],
            swiftSettings: strictSwift),
        .testTarget(
            name: "ModelPackageTests", dependencies: ["ModelPackage", "DataFormats", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "RegistryTests", dependencies: ["Registry", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(
            name: "PackageImportTests", dependencies: ["PackageImport", "Registry", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(
            name: "RegistrySQLiteTests",
            dependencies: ["RegistrySQLite", "TestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift),
        .testTarget(
            name: "ServingTests", dependencies: ["Serving", "Registry", "ModelRuntime", "DataFormats", "TestSupport"],
            swiftSettings: strictSwift),
        .testTarget(
            name: "ModelServerTests",
            dependencies: [
                "ModelServer", "MCPServer", "WardenApp", "WardenConfig", "Serving", "Registry", "PackageImport", "ModelRuntime", "Monitoring", "DriftService",
                "AccessControl", "DataFormats", "Pickle", "ModelPackage", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSwift),
        .testTarget(
            name: "WardenUITests",
            dependencies: [
                "WardenUI", "WardenApp", "WardenConfig", "Registry", "AccessControl", "TestSupport", "Serving",
                "DataFormats",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        .testTarget(
            name: "MCPServerTests",
            dependencies: [
                "MCPServer", "WardenApp", "WardenViews", "WardenConfig", "Serving", "Registry", "ModelRuntime",
                "AccessControl", "DataFormats", "Agents", "TestSupport",
                .product(name: "MCP", package: "swift-sdk"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        .testTarget(name: "WardenConfigTests", dependencies: ["WardenConfig", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(name: "MonitoringTests", dependencies: ["Monitoring", "TestSupport"], swiftSettings: strictSwift),
        .testTarget(
            name: "AccessControlTests",
            dependencies: ["AccessControl", "TestSupport", .product(name: "JWTKit", package: "jwt-kit")],
            swiftSettings: strictSwift),
        .testTarget(name: "AgentsTests", dependencies: ["Agents"], swiftSettings: strictSwift),
        // Against a real server: WARDEN_TEST_POSTGRES_URL (scripts/lib/postgres.sh); skipped without it.
        .testTarget(
            name: "LogSourcePostgresTests",
            dependencies: ["LogSourcePostgres", "Agents", .product(name: "PostgresNIO", package: "postgres-nio")],
            swiftSettings: strictSwift),
        // Against a real server: WARDEN_TEST_POSTGRES_URL (scripts/lib/postgres.sh); skipped without it.
        .testTarget(
            name: "RegistryPostgresTests",
            dependencies: [
                "RegistryPostgres", "Registry", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        .testTarget(
            name: "WardenAppTests",
            dependencies: [
                "WardenApp", "Agents", "Registry", "PackageImport", "DataFormats", "WardenConfig", "TestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift),
        .testTarget(
            name: "DriftServiceTests", dependencies: ["DriftService", "Monitoring", "Registry", "TestSupport"],
            swiftSettings: strictSwift),
    ],
    swiftLanguageModes: [.v6]
)
