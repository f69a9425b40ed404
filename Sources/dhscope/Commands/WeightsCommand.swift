import ArgumentParser
import Detector
import Foundation

/// `dhscope weights`: what a checkpoint holds, tensor by tensor, and the architecture it implies.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "List a checkpoint's tensors with statistics and the architecture they imply.",
        discussion: """
            Reads safetensors, PyTorch zip (.pth) and legacy PyTorch checkpoints (the format is \
            sniffed from the bytes) without executing anything in them. For every tensor: name, \
            dtype, shape, and sum, mean, min and max computed in float64. The layout is recognised \
            from the tensor names and shapes (mmdetection's Double-Head R-CNN or FPN Faster R-CNN, \
            torchvision's fasterrcnn_resnet50_fpn or _v2; when none matches, the closest and the \
            first missing, unexpected or misshapen tensors), and the architecture (ResNet depth, \
            widths, FPN channels, anchors, classes, head sizes, Ext outputs) is read off it.

            --json writes sum, mean, min and max as null when they are not finite numbers \
            (the tensor holds NaN or infinity; the table shows which) or undefined (mean of \
            an empty tensor).

            Examples:
              dhscope weights Samples/models/shapes-dh-ext.safetensors
              dhscope weights Samples/models/shapes-dh-ext.safetensors --json > weights.json
            """)

    @Argument(help: "A .safetensors, .pth or .pt checkpoint.")
    var checkpoint: String

    @Flag(help: "Print JSON: {file, format, architecture, metadata, classes, tensors: [{name, dtype, shape, sum, mean, min, max}]}.")
    var json = false

    func run() throws {
        let report: CheckpointReport
        do {
            report = try CheckpointReport(contentsOf: checkpoint)
        } catch {
            throw CLIError(error.description)
        }
        guard json else { return print(report.text) }
        let encoder = JSONEncoder()
        // Sorted keys: Linux's JSONEncoder does not keep declaration order, and stable output diffs well.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(report), as: UTF8.self))
    }
}
