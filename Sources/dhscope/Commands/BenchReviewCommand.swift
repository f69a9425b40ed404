import ArgumentParser
import Evaluation
import Inspection
import Store

/// `dhscope bench review`: how long the browser's dataset review takes to build, and one
/// next-error step.
struct BenchReviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "review",
        abstract: "Time building the dataset review (AP, TIDE, labels, confusion) for every variant, and next-error steps.",
        discussion: """
            COCO results files stand for the detector's output: each --results file is one head \
            variant (fc, conv, dh, dh-reverse, dh-ext in that order), or --variants N derives N \
            variants from one file by a fixed perturbation of its scores and boxes. Every image of \
            the ground truth counts as analysed. The review is built --rounds times (medians are \
            reported), split into the conversion to COCO, the evaluation (wall time, and each \
            part's task time summed over the variants: COCOeval, per-image AP, TIDE, TIDE per \
            class, confusion matrix) and the mapping of labels back to images; then --lookups \
            next-error steps are timed across orders and kinds.

            Tools/bench/review_bench.sh runs it at COCO scale (5,000 images, 5 variants).

            --json writes {images, objects, detections, variants, threads, rounds, build_ms, \
            build_cpu_ms, to_coco_ms, evaluation_ms, label_mapping_ms, parts_ms: {coco_eval, image_ap, tide, \
            class_tide, confusion}, navigator_ms, lookups, lookup_ms, lookup_us, lookups_found, ap}.

            Examples:
              dhscope bench review --gt Samples/annotations/shapes-val.json \\
                  --results results.json --variants 5 --rounds 2
              dhscope bench review --gt Samples/annotations/shapes-val.json \\
                  --results results.json --results results.json --json
            """)

    @Option(help: ArgumentHelp("COCO JSON ground truth.", valueName: "path"))
    var gt: String

    @Option(help: ArgumentHelp("COCO results JSON, one per variant (at most 5).", valueName: "path"))
    var results: [String] = []

    @Option(parsing: .unconditional, help: ArgumentHelp("Derive this many variants (1 to 5) from the one --results file.", valueName: "n"))
    var variants: Int?

    @Option(parsing: .unconditional, help: "Builds to time (the median is reported), 1 or more.")
    var rounds = 3

    @Option(parsing: .unconditional, help: "Next-error steps to time, 0 or more.")
    var lookups = 1000

    @Option(help: ArgumentHelp("Write every image's detections to this analysis store once and read them back from it before each build, as the browser reopens a dataset (store_read_ms).", valueName: "dir"))
    var store: String?

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard !results.isEmpty else { throw ValidationError("give --results RES.json (one per variant)") }
        guard results.count <= 5 else { throw ValidationError("at most 5 --results files (one per head variant)") }
        if let variants {
            try NumberCheck.check(variants, "--variants", within: 1...5)
            guard results.count == 1 else { throw ValidationError("--variants derives variants from one --results file") }
        }
        try NumberCheck.check(rounds, "--rounds", atLeast: 1)
        try NumberCheck.check(lookups, "--lookups", atLeast: 0)
    }

    func run() throws {
        let dataset: COCODataset
        var sets: [[COCODetection]] = []
        do {
            dataset = try COCODataset.load(contentsOf: gt)
            for path in results { sets.append(try COCOResults.load(contentsOf: path, groundTruth: dataset)) }
        } catch {
            throw CLIError(error.description)
        }
        if let variants, let first = sets.first { sets = ReviewBenchmark.derivedVariants(first, count: variants) }
        var benchmark = ReviewBenchmark(groundTruth: dataset, results: sets, rounds: rounds, lookups: lookups)
        if let store {
            do { benchmark.store = try AnalysisStore.open(at: store) } catch { throw CLIError(error.description) }
        }
        let report = benchmark.run()
        print(json ? try JSONOutput.encode(report) : report.text)
    }
}
