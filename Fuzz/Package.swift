// swift-tools-version:6.0
// libFuzzer targets for every parser dhscope exposes to untrusted input. Built and run by
// Tools/fuzz.sh (SwiftPM links libFuzzer's driver with --sanitize fuzzer; coverage comes
// from -sanitize-coverage on every Swift and C module).
import PackageDescription

let fuzzTargets = ["FuzzCheckpoint", "FuzzImage", "FuzzCOCO", "FuzzVOC", "FuzzYOLO", "FuzzResults", "FuzzTheme", "FuzzAnsi"]

let package = Package(
    name: "dhscope-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: [
            .product(name: "Checkpoints", package: "main"),
            .product(name: "Imaging", package: "main"),
            .product(name: "Inspection", package: "main"),
            .product(name: "Rendering", package: "main"),
        ])
    }
)
