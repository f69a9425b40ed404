import ArgumentParser
import Checkpoints
import Detector
import Foundation
import Evaluation
import Inspection

/// `dhscope weights`: what a checkpoint holds, tensor by tensor, and the architecture it implies.
struct WeightsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "weights",
        abstract: "List a checkpoint's tensors with statistics and the architecture they imply.",
        discussion: """
            Reads safetensors, PyTorch zip (.pth) and legacy PyTorch checkpoints (the format is \
            sniffed from the bytes) without executing anything in them. For every tensor: name, \
            dtype, shape, and sum, mean, min and max computed in float64. The architecture (ResNet \
            depth, widths, FPN channels, anchors, classes, head sizes, Ext outputs) is read off \
            mmdetection's state_dict names and shapes.

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
        let ckpt: Checkpoint
        do {
            ckpt = try Checkpoint.open(path: checkpoint)
        } catch {
            throw CLIError(error.description)
        }
        var rows: [TensorRow] = []
        rows.reserveCapacity(ckpt.names.count)
        for info in ckpt.tensors {
            do {
                rows.append(TensorRow(info: info, stats: try ckpt.statistics(info.name)))
            } catch {
                throw CLIError(error.description)
            }
        }
        if json {
            try printJSON(ckpt, rows)
        } else {
            printTable(ckpt, rows)
        }
    }

    private func printJSON(_ ckpt: Checkpoint, _ rows: [TensorRow]) throws {
        let report = WeightsReport(file: checkpoint, format: ckpt.format.rawValue, architecture: ArchitectureSummary(ckpt),
                                   metadata: ckpt.metadata, classes: ckpt.classNames, tensors: rows)
        let encoder = JSONEncoder()
        // Sorted keys: Linux's JSONEncoder does not keep declaration order, and stable output diffs well.
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try encoder.encode(report)
        print(String(decoding: data, as: UTF8.self))
    }

    private func printTable(_ ckpt: Checkpoint, _ rows: [TensorRow]) {
        let parameters = rows.reduce(0) { $0 + $1.info.elementCount }
        print("\(checkpoint): \(ckpt.format.rawValue), \(rows.count) tensors, \(parameters) elements")
        for line in ArchitectureSummary(ckpt).lines { print("  " + line) }
        if let classes = ckpt.classNames {
            let shown = classes.prefix(12).joined(separator: ", ")
            print("  classes (\(classes.count)): \(shown)\(classes.count > 12 ? ", ..." : "")")
        }
        for key in ckpt.metadata.keys.sorted() {
            print("  meta \(key): \(Self.oneLine(ckpt.metadata[key] ?? "", limit: 70))")
        }
        print("")
        let header = ["name", "dtype", "shape", "sum", "mean", "min", "max"]
        let cells = rows.map { r in
            [r.info.name, r.info.dtype.rawValue, "[" + r.info.shape.map(String.init).joined(separator: ", ") + "]",
             Self.number(r.stats.sum), Self.number(r.stats.mean), Self.number(r.stats.min), Self.number(r.stats.max)]
        }
        var widths = header.map(\.count)
        for row in cells {
            for (i, c) in row.enumerated() { widths[i] = max(widths[i], c.count) }
        }
        func format(_ row: [String]) -> String {
            row.enumerated().map { i, c in
                // Text columns left-aligned, numbers right-aligned.
                i < 3 ? c.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - c.count) + c
            }.joined(separator: "  ")
        }
        print(format(header))
        for row in cells { print(format(row)) }
    }

    private static func number(_ v: Double?) -> String {
        guard let v else { return "-" }
        return v.isNaN ? "nan" : String(format: "%.6g", v)
    }

    private static func oneLine(_ s: String, limit: Int) -> String {
        let flat = s.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count > limit ? String(flat.prefix(limit)) + "... (\(flat.count) chars)" : flat
    }
}

/// One tensor of `dhscope weights` output.
private struct TensorRow: Encodable {
    let info: TensorInfo
    let stats: TensorStatistics

    private enum CodingKeys: String, CodingKey { case name, dtype, shape, sum, mean, min, max }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(info.name, forKey: .name)
        try c.encode(info.dtype.rawValue, forKey: .dtype)
        try c.encode(info.shape, forKey: .shape)
        // Tensors may legitimately hold inf/NaN (e.g. masks); JSON has no literal for them,
        // so a statistic that is not a finite number is null, as is the mean of an empty tensor.
        try c.encodeNumber(stats.sum, forKey: .sum)
        try c.encodeNumber(stats.mean, forKey: .mean)
        try c.encodeNumber(stats.min, forKey: .min)
        try c.encodeNumber(stats.max, forKey: .max)
    }
}

/// The `--json` document.
private struct WeightsReport: Encodable {
    let file: String
    let format: String
    let architecture: ArchitectureSummary
    let metadata: [String: String]
    let classes: [String]?
    let tensors: [TensorRow]

    private enum CodingKeys: String, CodingKey { case file, format, architecture, metadata, classes, tensors }

    func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(format, forKey: .format)
        try c.encode(architecture, forKey: .architecture)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(classes, forKey: .classes) // null when the checkpoint names none
        try c.encode(tensors, forKey: .tensors)
    }
}
