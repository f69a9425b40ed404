import ArgumentParser
import Detector
import Dispatch
import Foundation
import Inspection
import TUI

/// `dhscope bench dataset`: a folder's images per second, decoded in turn or while the
/// network runs.
struct BenchDatasetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dataset",
        abstract: "Time a folder of images: decoded in turn against decoded while the network runs.",
        discussion: """
            Each round detects every image twice with the default head variant and no store: \
            once reading, decoding and preparing each image before its network (sequential), \
            once doing that for the next image while the network runs (pipelined, as detect, \
            eval --images and store analyze do). Rounds alternate the two; the medians are \
            reported, with how long loading the model took and whether every run gave the \
            same detections. Tools/bench/dataset_throughput.sh adds the whole process's time.

            --browser times the browser's background analysis of its list instead (browse DIR \
            --gt ANN): one image at a time against the next image read and prepared while the \
            network runs, rounds alternated.

            --json writes {model, images, failed, rounds, model_load_ms, \
            sequential_images_per_s, pipelined_images_per_s, speedup, same_detections}; with \
            --browser {model, images, rounds, one_at_a_time_images_per_s, \
            prepared_ahead_images_per_s, speedup}.

            Examples:
              dhscope bench dataset Samples/images
              dhscope bench dataset Samples/images/coffee.png --rounds 1 --json
              dhscope bench dataset Samples/images/coffee.png --browser --rounds 1
            """)

    @Argument(help: "Images or folders of images.")
    var images: [String]

    @OptionGroup var modelOptions: ModelOptions

    @Option(parsing: .unconditional, help: "Rounds timed (medians are reported), after one warm-up run; 1 or more.")
    var rounds = 3

    @Flag(help: "Time the browser's background analysis (one image at a time against the next prepared ahead).")
    var browser = false

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        try NumberCheck.check(rounds, "--rounds", atLeast: 1)
    }

    func run() throws {
        let files = try ImageArguments.expand(images)
        let start = DispatchTime.now().uptimeNanoseconds
        let detector = try modelOptions.load()
        let loading = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        if browser {
            let (alone, ahead) = DatasetLoopBenchmark(detector: detector, files: files, rounds: rounds).run()
            let report = DatasetLoopBenchmarkReport(model: detector.source, images: files.count, rounds: rounds,
                                           oneAtATime: alone, preparedAhead: ahead)
            print(json ? try JSONOutput.encode(report) : report.text)
            return
        }
        let report: DatasetBenchmarkReport
        do {
            report = try DatasetBenchmark(detector: detector, files: files, rounds: rounds).run(modelMilliseconds: loading)
        } catch {
            throw CLIError("\(error)")
        }
        print(json ? try JSONOutput.encode(report) : report.text)
    }
}
