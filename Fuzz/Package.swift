// swift-tools-version: 6.0
// libFuzzer targets for Warden's untrusted inputs: model files (PickleFuzz), rows to
// score (RowsFuzz) and deployment-package ZIPs (ZipFuzz). Built only by scripts/fuzz:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "warden-fuzz",
    dependencies: [.package(name: "warden", path: "..")],
    targets: [
        .target(name: "FuzzSupport"),
        .executableTarget(
            name: "PickleFuzz",
            dependencies: [
                "FuzzSupport",
                .product(name: "Pickle", package: "warden"),
                .product(name: "ModelRuntime", package: "warden"),
            ]
        ),
        .executableTarget(
            name: "RowsFuzz", dependencies: ["FuzzSupport", .product(name: "ModelRuntime", package: "warden")]),
        .executableTarget(
            name: "ZipFuzz", dependencies: ["FuzzSupport", .product(name: "ModelPackage", package: "warden")]),
    ],
    swiftLanguageModes: [.v6]
)
