import ArgumentParser
import Compute
import Detector
import Foundation
import Imaging
import Inspection

/// `dhscope detect`: detections of one head variant for images, as text or JSON.
struct DetectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "detect",
        abstract: "Detect objects in images with one head variant.",
        discussion: """
            Examples:
              dhscope detect Samples/images/shapes_s3_00000.png
              dhscope detect Samples/images --variant dh --json > detections.json
              dhscope detect Samples/images --coco --gt Samples/annotations/shapes-val.json > results.json
            """)

    @Argument(help: "Images or folders of images.")
    var images: [String]

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Head variant: fc, conv, dh, dh-reverse or dh-ext (default: dh-ext when the model has it, else dh).")
    var variant: HeadVariant?

    @Option(help: "Keep detections scoring above this (default: the model's, 0.05).")
    var scoreThreshold: Float?

    @Flag(help: "Print JSON.")
    var json = false

    @Flag(help: "Print a COCO results file ([{image_id, category_id, bbox [x, y, w, h], score}]) for --gt's images and categories.")
    var coco = false

    @Option(help: ArgumentHelp("COCO ground truth whose image ids and category ids --coco uses (matched by file name and class name).", valueName: "ann.json"))
    var gt: String?

    func run() throws {
        let detector = try modelOptions.load()
        var exporter: COCOResultsExporter?
        if coco {
            guard let gt else { throw ValidationError("--coco needs --gt ANN.json for the dataset's image and category ids") }
            exporter = try COCOResultsExporter(groundTruth: gt, classNames: detector.config.classNames)
        }
        let chosen = variant ?? (HeadVariant.available(for: detector.config).contains(.dhExt) ? .dhExt : .dh)
        guard HeadVariant.available(for: detector.config).contains(chosen) else {
            throw CLIError("variant \(chosen.rawValue) is not available for this model; it offers \(HeadVariant.available(for: detector.config).map(\.rawValue).joined(separator: ", "))")
        }
        var settings = PostProcessSettings(config: detector.config)
        if let scoreThreshold { settings.scoreThreshold = scoreThreshold }
        var results: [ImageDetections] = []
        var failures = 0
        for path in try ImageArguments.expand(images) {
            do {
                let image = try ImageDecoder().decodeRGB(contentsOf: path)
                let analysis = try detector.analyze(image)
                let detections = try PostProcessor.detections(analysis, variant: chosen, settings: settings)
                if var e = exporter {
                    try e.add(detections, imagePath: path)
                    exporter = e
                    continue
                }
                let entry = ImageDetections(file: path, width: image.width, height: image.height,
                                            detections: detections.map { DetectionRecord($0, names: detector.config) })
                if json { results.append(entry) } else { print(entry.text) }
            } catch {
                failures += 1
                FileHandle.standardError.write(Data("dhscope: \(error)\n".utf8))
            }
        }
        if let exporter {
            print(try JSONOutput.encode(exporter.results))
        } else if json {
            print(try JSONOutput.encode(["images": results]))
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// One detection as `detect --json` writes it.
struct DetectionRecord: Encodable {
    var label: String
    var category_id: Int
    var score: Float
    var box: [Float]
    var roi: Int

    init(_ d: Detection, names config: ModelConfig) {
        label = config.className(d.label)
        category_id = d.label + 1
        score = d.score
        box = d.box.values
        roi = d.roi
    }
}

struct ImageDetections: Encodable {
    var file: String
    var width: Int
    var height: Int
    var detections: [DetectionRecord]

    var text: String {
        var lines = ["\(file) (\(width)x\(height)): \(detections.count) detections"]
        for d in detections {
            let box = d.box.map { String(format: "%.1f", $0) }.joined(separator: ", ")
            lines.append(String(format: "  %-16@ %.3f  [%@]  roi %d", d.label as NSString, d.score, box as NSString, d.roi))
        }
        return lines.joined(separator: "\n")
    }
}

/// Compact, stable JSON for command output.
enum JSONOutput {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
