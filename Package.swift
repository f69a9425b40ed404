// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "dhscope",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "dhscope", targets: ["dhscope"]),
        .library(name: "Imaging", targets: ["Imaging"]),
        .library(name: "Rendering", targets: ["Rendering"]),
        .library(name: "Checkpoints", targets: ["Checkpoints"]),
        .library(name: "Compute", targets: ["Compute"]),
        .library(name: "Detector", targets: ["Detector"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Inspection", targets: ["Inspection"]),
        .library(name: "Terminal", targets: ["Terminal"]),
        .library(name: "Store", targets: ["Store"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ncursesw and its terminfo library (the module map links both). Not through
        // pkg-config: its only flags are defines SwiftPM refuses, which printed a warning.
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // zlib for the analysis store's compressed entries (and their CRC-32).
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenBLAS through dlopen on first use (Sources/CBLAS/include/dh_blas.h says why).
        .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // libjpeg/libpng behind setjmp error handling, which Swift cannot express.
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),
        .target(name: "Imaging", dependencies: ["CImageCodecs"]),
        // Themes are TOML, read by Rendering's own TOMLReader (the subset themes need); Compute
        // for the median of benchmark timings.
        .target(name: "Rendering", dependencies: ["Imaging", "Compute"]),
        .target(name: "Checkpoints"),
        // How every command's JSON writes absent values and non-finite numbers.
        .target(name: "Reporting"),
        .target(name: "Compute", dependencies: ["CBLAS"]),
        .target(name: "Detector", dependencies: ["Checkpoints", "Compute", "Imaging", "Reporting"]),
        // Datasets, ground truth, COCO AP, TIDE: no detector needed.
        .target(name: "Evaluation", dependencies: ["Compute", "Reporting"]),
        // Each image analysed once: the head outputs and detections kept on disk, keyed by content.
        .target(name: "Store", dependencies: ["Detector", "Compute", "Imaging", "CZlib"]),
        // What explains one detector's RoIs: records, fates, the head analysis.
        .target(name: "Inspection", dependencies: ["Evaluation", "Detector", "Store", "Compute", "Imaging", "Reporting"]),
        .target(name: "Terminal", dependencies: ["CNCurses", "Rendering"]),
        .target(name: "TUI", dependencies: ["CNCurses", "Terminal", "Rendering", "Detector", "Store", "Evaluation", "Inspection", "Imaging", "Compute"]),
        .executableTarget(
            name: "dhscope",
            dependencies: [
                "Imaging", "Rendering", "Checkpoints", "Compute", "Detector", "TUI", "Evaluation", "Inspection", "Terminal", "Reporting", "Store",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Imaging", "TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["dhscope", "Imaging", "TestSupport"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Store", "Rendering", "Detector", "Checkpoints", "dhscope", "TestSupport"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ComputeTests", dependencies: ["Compute", "TestSupport"], resources: [.copy("Fixtures")]),
        // Helpers every test target uses: temporary folders, the repository's files and the
        // shared fixtures in Tests/Fixtures, a target's own bundled fixtures.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InspectionTests", dependencies: ["Evaluation", "Inspection", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Rendering", "TestSupport"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "Detector", "Compute", "Imaging", "TestSupport"]),
        .testTarget(name: "DetectorTests", dependencies: ["Detector", "Store", "Checkpoints", "Compute", "Imaging", "TestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)

// Release builds link the Swift runtime and Foundation in: a process starts in 8 ms instead
// of 15 (resolving their symbols at every start), which a one-shot `render` feels. The
// modules compile as usual, so their link entries name the shared libraries' dependencies
// only; the static ones Foundation needs besides are named here. The toolchain's lld links
// (it takes archives in any order; gold also printed glibc's warning about `mktemp`). Debug
// builds and tests stay dynamic, as XCTest is.
let staticRuntime = ["-static-stdlib", "-use-ld=lld", "-lCoreFoundation", "-l_FoundationICU", "-l_FoundationCollections",
                     "-l_FoundationCShims"]
if let tool = package.targets.first(where: { $0.type == .executable }) {
    tool.linkerSettings = (tool.linkerSettings ?? []) + [.unsafeFlags(staticRuntime, .when(configuration: .release))]
}
