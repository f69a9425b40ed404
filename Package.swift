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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    ],
    targets: [
        // ncursesw and its terminfo library (the module map links both). Not through
        // pkg-config: its only flags are defines SwiftPM refuses, which printed a warning.
        .systemLibrary(name: "CNCurses", providers: [.apt(["libncursesw5-dev"])]),
        // OpenBLAS through dlopen on first use (Sources/CBLAS/include/dh_blas.h says why).
        .target(name: "CBLAS", linkerSettings: [.linkedLibrary("dl"), .linkedLibrary("pthread")]),
        // libjpeg/libpng behind setjmp error handling, which Swift cannot express.
        .target(
            name: "CImageCodecs",
            linkerSettings: [.linkedLibrary("jpeg"), .linkedLibrary("png16")]),
        .target(name: "Imaging", dependencies: ["CImageCodecs"]),
        // Themes are TOML, read by Rendering's own TOMLReader (the subset themes need).
        .target(name: "Rendering", dependencies: ["Imaging"]),
        .target(name: "Checkpoints"),
        .target(name: "Compute", dependencies: ["CBLAS"]),
        .target(name: "Detector", dependencies: ["Checkpoints", "Compute", "Imaging"]),
        // Datasets, ground truth, COCO AP, TIDE: no detector needed.
        .target(name: "Evaluation", dependencies: ["Compute"]),
        // What explains one detector's RoIs: records, fates, the head analysis.
        .target(name: "Inspection", dependencies: ["Evaluation", "Detector", "Compute", "Imaging"]),
        .target(name: "Terminal", dependencies: ["CNCurses", "Rendering"]),
        .target(name: "TUI", dependencies: ["CNCurses", "Terminal", "Rendering", "Detector", "Evaluation", "Inspection", "Imaging", "Compute"]),
        .executableTarget(
            name: "dhscope",
            dependencies: [
                "Imaging", "Rendering", "Checkpoints", "Compute", "Detector", "TUI", "Evaluation", "Inspection", "Terminal",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "ImagingTests", dependencies: ["Imaging"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderingTests", dependencies: ["Rendering", "Imaging"]),
        .testTarget(name: "CLITests", dependencies: ["dhscope", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "TUITests", dependencies: ["TUI", "Rendering", "Detector", "dhscope"]),
        .testTarget(name: "CheckpointsTests", dependencies: ["Checkpoints"], resources: [.copy("Fixtures")]),
        .testTarget(name: "ComputeTests", dependencies: ["Compute"], resources: [.copy("Fixtures")]),
        // Helpers every test target may use (temporary folders, files).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "EvaluationTests", dependencies: ["Evaluation", "TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "InspectionTests", dependencies: ["Evaluation", "Inspection", "TestSupport"]),
        .testTarget(name: "TerminalTests", dependencies: ["Terminal", "Rendering", "TestSupport"]),
        .testTarget(name: "DetectorTests", dependencies: ["Detector", "Checkpoints", "Compute", "Imaging"]),
    ],
    swiftLanguageModes: [.v6]
)
