// swift-tools-version:6.0
// libFuzzer targets for every parser dhscope exposes to untrusted input. Built and run by
// Tools/fuzz.sh (SwiftPM links libFuzzer's driver with --sanitize fuzzer; coverage comes
// from -sanitize-coverage on every Swift and C module).
import Foundation
import PackageDescription

// SwiftPM names a path dependency after its folder, so the main package's identity is the
// name of whatever folder the repository was cloned into.
let root = URL(fileURLWithPath: Context.packageDirectory).deletingLastPathComponent().lastPathComponent.lowercased()

let fuzzTargets = ["FuzzCheckpoint", "FuzzImage", "FuzzCOCO", "FuzzVOC", "FuzzYOLO", "FuzzResults", "FuzzTheme", "FuzzAnsi"]

let package = Package(
    name: "dhscope-fuzz",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "..")],
    targets: fuzzTargets.map { name in
        .executableTarget(name: name, dependencies: [
            .product(name: "Checkpoints", package: root),
            .product(name: "Imaging", package: root),
            .product(name: "Evaluation", package: root),
            .product(name: "Rendering", package: root),
        ])
    }
)
