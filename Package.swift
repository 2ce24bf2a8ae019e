// swift-tools-version:6.2
import PackageDescription

/// Settings every target of ours shares: Swift 6 strict concurrency, explicit existentials, and
/// warnings as errors (for our targets only; SwiftPM keeps dependencies' warnings quiet).
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .treatAllWarnings(as: .error),
]

let core: Target.Dependency = "OBCCore"
/// What plugins may see: the plugin protocols, the registrar and the types their hooks take.
let pluginAPI: Target.Dependency = "OBCPluginAPI"
/// The plugin API's HTTP helpers, for plugins that call a cloud service over HTTP.
let pluginHTTP: Target.Dependency = "OBCPluginHTTP"

/// A plugin lives in `Plugins/<Name>`, holds its entry type `<Name>Plugin: OBCPlugin` in
/// `<Name>Plugin.swift`, and depends on the plugin API and the libraries named in its line only
/// (never on OBCCore, a front or another plugin; `PluginDependencyTests` checks this).
/// A C module the plugin needs (`exclude`) lives in a folder inside the plugin's own, listed in `pluginCModules`.
func plugin(
    _ name: String, dependencies: [Target.Dependency] = [], path: String? = nil, exclude: [String] = [], resources: [Resource]? = nil
) -> Target {
    .target(
        name: name, dependencies: [pluginAPI] + dependencies, path: path ?? "Plugins/\(name)", exclude: exclude, resources: resources,
        swiftSettings: swiftSettings)
}

/// Every key source and DCR version this build ships, registered at start-up in this order
/// (then the bank groups). Adding one is a folder `Plugins/<Name>` and one line here: the target
/// follows, OBCApp depends on it, and OBCApp's PluginList build plugin registers `<Name>Plugin`.
let plugins = [
    plugin("KeySourceConfiguration"),
    plugin(
        "KeySourceAWSSSM",
        dependencies: [
            pluginHTTP, .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    plugin(
        "KeySourceGCPSecretManager",
        dependencies: [
            pluginHTTP, .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ]),
    plugin(
        "KeySourcePkcs11",
        dependencies: [
            "CPKCS11", .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
        ], exclude: ["CPKCS11"]),
    plugin("DCRV3p1"),
    plugin("DCRV3p2"),
    plugin("DCRV3p3"),
]

/// C modules of plugins, each inside its plugin's folder (so the plugin is still one folder):
/// `CPKCS11` is the PKCS#11 C API from the system's p11-kit headers (Debian `libp11-kit-dev`),
/// for `KeySourcePkcs11`, which opens the configured library itself with dlopen.
let pluginCModules: [Target] = [
    .systemLibrary(
        name: "CPKCS11", path: "Plugins/KeySourcePkcs11/CPKCS11", pkgConfig: "p11-kit-1", providers: [.apt(["libp11-kit-dev"])])
]

/// Every bank group this build ships. Adding one is a folder `BankProfiles/<Group>` and one
/// line here: the target follows, and OBCApp's PluginList build plugin registers it.
let bankGroups = [
    "Obie",
    "NatWest",
    "Lloyds",
    "Hsbc",
    "Nationwide",
    "Monzo",
    "Barclays",
    "Cooperative",
    "Danske",
    "Revolut",
    "Santander",
    "Starling",
    "Chase",
    "Tide",
    "Tsb",
    "Wise",
    "Zopa",
]

/// A bank group lives in `BankProfiles/<Group>` as YAML data plus optional behaviour code
/// (`<Group>BankGroup`, an `OBCPlugin`).
func bankGroup(_ name: String) -> Target { bankGroup(name, path: "BankProfiles/\(name)") }

func bankGroup(_ name: String, path: String) -> Target {
    .target(
        name: "BankProfile\(name)",
        dependencies: [pluginAPI],
        path: path,
        resources: [.copy("\(name).yaml")],
        swiftSettings: swiftSettings
    )
}

/// Plugins for the tests only, never shipped: OBCTestSupport's PluginList build plugin
/// registers them in `testPluginList`, the same way OBCApp registers the shipped ones.
let testPlugins = [
    bankGroup("Example", path: "Tests/BankGroupExample"),
    plugin("KeySourceExample", path: "Tests/KeySourceExample"),
]

/// A store lives in `Sources/OBC<Name>` (or `path`), implements the core's `Store` port, and holds
/// its entry type `<Name>StoreProvider: StoreProvider` in `<Name>StoreProvider.swift` (the
/// target's name without a leading `OBC`, plus `StoreProvider`).
func store(_ name: String, dependencies: [Target.Dependency] = [], path: String? = nil) -> Target {
    .target(name: name, dependencies: [core, pluginAPI] + dependencies, path: path, swiftSettings: swiftSettings)
}

/// Every store this build ships, selected by `OpenBankingConnector:Database:Provider`. Adding one
/// is a folder and one line here: the target follows, OBCApp depends on it, and OBCApp's
/// PluginList build plugin lists its `<Name>StoreProvider` in `storeProviderList`.
let stores = [
    store("OBCMemory"),
    store("OBCSQLite", dependencies: [.product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift")]),
    store(
        "OBCPostgres",
        dependencies: [
            .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "_ConnectionPoolModule", package: "postgres-nio"),
            .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "Logging", package: "swift-log"), .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ]),
]

/// Stores for the tests only, never shipped: OBCTestSupport's PluginList build plugin lists
/// them in `testStoreProviderList`, the same way OBCApp lists the shipped ones.
let testStores = [
    store("StoreExample", dependencies: ["OBCSQLite"], path: "Tests/StoreExample")
]

/// What the PluginList build plugin turns into a target's plugin list.
func dependencies(on targets: [Target]) -> [Target.Dependency] { targets.map { .target(name: $0.name) } }

let package = Package(
    name: "OpenBankingConnector",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "obc", targets: ["obc"])
    ],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-certificates.git", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1.git", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.37.6"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.7.3"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        // OTLP/HTTP only: the OTLPGRPC trait would build gRPC as well.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
    ],
    targets: plugins + pluginCModules + bankGroups.map(bankGroup) + testPlugins + stores + testStores + [
        // MARK: Plugin API: what plugins and bank groups see (no store, sealer, registry, services or ports)
        .target(
            name: "OBCPluginAPI",
            dependencies: [.product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log")],
            swiftSettings: swiftSettings
        ),
        // The plugin API's HTTP part, for plugins that call a cloud service (one fail-fast client,
        // deadlines mapped to SecretServiceError, retry backoff); kept apart so OBCPluginAPI, the
        // core and the bank groups stay free of AsyncHTTPClient.
        .target(
            name: "OBCPluginHTTP",
            dependencies: [
                pluginAPI, .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Host core: domain, registry, services, ports. No HTTP, SQL or AWS.
        .target(
            name: "OBCCore",
            dependencies: [
                pluginAPI,
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Outbound: the network side of the core's OutboundHTTP port
        .target(
            name: "OBCOutbound",
            dependencies: [
                core, pluginAPI,
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Observability: metrics (Prometheus), log formats, the instrumented outbound decorator
        .target(
            name: "OBCObservability",
            dependencies: [
                core, pluginAPI,
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Trace export over OTLP/HTTP (swift-otel's tracing backend only); linked by OBCApp alone
        .target(
            name: "OBCOTLP",
            dependencies: [
                pluginAPI,
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Fronts
        .target(
            name: "OBCHTTP",
            dependencies: [
                core, pluginAPI, "OBCObservability", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"), .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OBCApp",
            dependencies: [
                core, pluginAPI, "OBCHTTP", "OBCOutbound", "OBCObservability", "OBCOTLP",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ] + dependencies(on: stores + plugins + bankGroups.map(bankGroup)),
            swiftSettings: swiftSettings,
            plugins: ["PluginList"]
        ),
        // MARK: Build plugin: lists every plugin, bank group and store a target depends on (OBCApp, OBCTestSupport)
        .plugin(name: "PluginList", capability: .buildTool(), path: "BuildTools/PluginList"),
        .target(
            name: "OBCCLI",
            dependencies: [
                core, pluginAPI, "OBCApp", "OBCSimulator", "OBCObservability", "OBCHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "obc", dependencies: ["OBCCLI"], swiftSettings: swiftSettings),
        // MARK: Simulator (a simulated OB Directory and banks: `obc simulate` and the tests' counterpart)
        .target(
            name: "OBCSimulator",
            dependencies: [
                core, pluginAPI,
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Tests
        // The light test kit: the in-memory store, a fake outbound port, a fixed clock and the store
        // contract. Unit tests depend on it without linking the app, the SQL stores, Hummingbird or the simulator.
        .target(
            name: "OBCTestKit",
            dependencies: [core, pluginAPI, "OBCMemory", .product(name: "Crypto", package: "swift-crypto")],
            path: "Tests/OBCTestKit",
            swiftSettings: swiftSettings
        ),
        .target(
            name: "OBCTestSupport",
            dependencies: [
                core, pluginAPI, "OBCTestKit", "OBCApp", "OBCSQLite", "OBCPostgres",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ] + dependencies(on: testPlugins + testStores),
            path: "Tests/OBCTestSupport",
            swiftSettings: swiftSettings,
            plugins: ["PluginList"]
        ),
        .testTarget(
            name: "OBCCoreTests",
            dependencies: [
                core, pluginAPI, "OBCTestKit", "OBCMemory", "KeySourceConfiguration", "DCRV3p1", "DCRV3p2", "DCRV3p3", "BankProfileMonzo",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OBCSQLiteTests",
            dependencies: [core, pluginAPI, "OBCSQLite", "OBCApp", "OBCTestSupport", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "StoreContractTests",
            dependencies: [
                core, pluginAPI, "OBCApp", "OBCPostgres", "OBCTestSupport", "OBCTestKit", .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "OBCHTTPTests",
            dependencies: [
                core, pluginAPI, "OBCApp", "OBCHTTP", "OBCTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "BankRegistrationTests",
            dependencies: [
                core, pluginAPI, "OBCApp", "OBCSQLite", "OBCHTTP", "OBCOutbound", "OBCSimulator", "OBCTestSupport", "obc",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "OBCCLITests",
            dependencies: [
                core, pluginAPI, "OBCApp", "OBCCLI", "OBCSQLite", "OBCOTLP", "OBCTestSupport", "obc",
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: swiftSettings),
        .testTarget(
            name: "OBCSimulatorTests",
            dependencies: [
                core, pluginAPI, "OBCSimulator", "OBCApp", "OBCTestSupport", "obc",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KeySourceAWSSSMTests",
            dependencies: [
                core, pluginAPI, pluginHTTP, "KeySourceAWSSSM", "OBCTestSupport", "obc", .product(name: "Hummingbird", package: "hummingbird"),
            ],
            resources: [.copy("Resources/aws-sigv4-test-suite")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KeySourceGCPSecretManagerTests",
            dependencies: [
                core, pluginAPI, "KeySourceGCPSecretManager", "OBCApp", "OBCSimulator", "OBCTestSupport", "obc",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "KeySourcePkcs11Tests",
            dependencies: [
                core, pluginAPI, "KeySourcePkcs11", "OBCApp", "OBCOutbound", "OBCSimulator", "OBCTestSupport", "obc",
                .product(name: "HummingbirdTesting", package: "hummingbird"), .product(name: "X509", package: "swift-certificates"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),
        // MARK: Benchmarks
        .executableTarget(
            name: "sigv4-bench",
            dependencies: ["KeySourceAWSSSM"],
            path: "Benchmarks/sigv4-bench",
            exclude: ["botocore_sign.py"],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "obc-bench",
            dependencies: [
                core, pluginAPI, "OBCSQLite", "OBCPostgres", "OBCApp", "OBCSimulator", "OBCOutbound", "OBCTestSupport",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Benchmarks/obc-bench",
            swiftSettings: swiftSettings
        ),
    ]
)
