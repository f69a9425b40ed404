import ArgumentParser
import Foundation
import Store

/// `dhscope bench store`: what reading the analysis store costs at a chosen scale.
struct BenchStoreCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Time the analysis store: every image's detections, one entry, post-processing, writing.",
        discussion: """
            Fills a store with synthetic entries of the given size once (kept in --folder for \
            the next run), then times reading every entry's detections (what the dataset views \
            need), reading and decoding one whole entry and post-processing every variant from \
            it (what opening an image from the store costs), encoding and writing an entry, and \
            SHA-256. --json writes those fields in snake_case (medians of --rounds).

            Examples:
              dhscope bench store --images 200 --rois 300
            """)

    @Option(parsing: .unconditional, help: "Images in the store, 1 to 1,000,000.")
    var images = 5000

    @Option(parsing: .unconditional, help: "Classes of the model, 1 to 1,000.")
    var classes = 80

    @Option(parsing: .unconditional, help: "RoIs per image, 1 to 10,000.")
    var rois = 1000

    @Option(help: "How peaked the synthetic scores are: trained or spread.")
    var scores = "trained"

    @Option(parsing: .unconditional, help: "Rounds timed (medians are reported), 1 or more.")
    var rounds = 3

    @Option(help: ArgumentHelp("Where the synthetic store is kept (default: $TMPDIR/dhscope-storebench-IMAGES-CLASSES-ROIS-SCORES).", valueName: "dir"))
    var folder: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        try NumberCheck.check(images, "--images", within: 1...1_000_000)
        try NumberCheck.check(classes, "--classes", within: 1...1000)
        try NumberCheck.check(rois, "--rois", within: 1...10_000)
        try NumberCheck.check(rounds, "--rounds", atLeast: 1)
        guard SyntheticAnalysis.Scores(rawValue: scores) != nil else {
            throw ValidationError("--scores \(scores): give trained or spread")
        }
    }

    func run() throws {
        let kind = SyntheticAnalysis.Scores(rawValue: scores) ?? .trained
        let path = folder ?? (NSTemporaryDirectory() as NSString)
            .appendingPathComponent("dhscope-storebench-\(images)-\(classes)-\(rois)-\(scores)")
        do {
            let report = try StoreBenchmark.run(folder: path, images: images, classes: classes, rois: rois, scores: kind,
                                                rounds: rounds, progress: { done in
                                                    if done > 0 { warn("filling \(path): \(done)/\(images)") }
                                                })
            print(json ? try JSONOutput.encode(report) : report.text)
        } catch let error as StoreError {
            throw CLIError(error.description)
        }
    }
}
