// swift-tools-version: 6.0
// libFuzzer target for Warden's untrusted-file readers. Built only by scripts/fuzz:
//   swift build -c release --package-path Fuzz -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
import PackageDescription

let package = Package(
    name: "warden-fuzz",
    dependencies: [.package(name: "warden", path: "..")],
    targets: [
        .executableTarget(
            name: "PickleFuzz",
            dependencies: [
                .product(name: "Pickle", package: "warden"),
                .product(name: "ModelRuntime", package: "warden"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
