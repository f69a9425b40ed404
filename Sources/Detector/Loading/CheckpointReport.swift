import Checkpoints
import Foundation
import Reporting

/// What `dhscope weights` shows of a checkpoint: its format, the architecture its tensor
/// names and shapes imply, its metadata and class names, and every tensor with statistics
/// computed in float64.
public struct CheckpointReport: Sendable, Encodable {
    /// One tensor. A statistic that is not a finite number (the tensor holds NaN or infinity)
    /// or is undefined (the mean of an empty tensor) is written as null.
    public struct Tensor: Sendable, Encodable {
        public var name: String
        public var dtype: String
        public var shape: [Int]
        public var elementCount: Int
        @OrNull public var sum: Double?
        @OrNull public var mean: Double?
        @OrNull public var min: Double?
        @OrNull public var max: Double?

        enum CodingKeys: String, CodingKey { case name, dtype, shape, sum, mean, min, max }
    }

    public var file: String
    public var format: String
    public var architecture: ArchitectureSummary
    public var metadata: [String: String]
    /// Null when the checkpoint names no classes.
    @OrNull public var classes: [String]?
    public var tensors: [Tensor]

    /// Reads the checkpoint at `path` and every tensor's statistics.
    public init(contentsOf path: String) throws(CheckpointError) {
        let checkpoint = try Checkpoint.open(path: path)
        var tensors: [Tensor] = []
        tensors.reserveCapacity(checkpoint.names.count)
        for info in checkpoint.tensors {
            let stats = try checkpoint.statistics(info.name)
            tensors.append(Tensor(name: info.name, dtype: info.dtype.rawValue, shape: info.shape,
                                  elementCount: info.elementCount, sum: stats.sum, mean: stats.mean,
                                  min: stats.min, max: stats.max))
        }
        file = path
        format = checkpoint.format.rawValue
        architecture = ArchitectureSummary(checkpoint)
        metadata = checkpoint.metadata
        classes = checkpoint.classNames
        self.tensors = tensors
    }

    /// The report as `dhscope weights` prints it: a summary, then a table of the tensors.
    public var text: String {
        let elements = tensors.reduce(0) { $0 + $1.elementCount }
        var lines = ["\(file): \(format), \(tensors.count) tensors, \(elements) elements"]
        lines += architecture.lines.map { "  " + $0 }
        if let classes {
            let shown = classes.prefix(12).joined(separator: ", ")
            lines.append("  classes (\(classes.count)): \(shown)\(classes.count > 12 ? ", ..." : "")")
        }
        for key in metadata.keys.sorted() {
            lines.append("  meta \(key): \(Self.oneLine(metadata[key] ?? "", limit: 70))")
        }
        lines.append("")
        return (lines + tensorTable).joined(separator: "\n")
    }

    /// The tensors as aligned columns: text left, numbers right.
    private var tensorTable: [String] {
        let header = ["name", "dtype", "shape", "sum", "mean", "min", "max"]
        let cells = tensors.map { tensor in
            [tensor.name, tensor.dtype, "[" + tensor.shape.map(String.init).joined(separator: ", ") + "]",
             Self.number(tensor.sum), Self.number(tensor.mean), Self.number(tensor.min), Self.number(tensor.max)]
        }
        var widths = header.map(\.count)
        for row in cells {
            for (i, cell) in row.enumerated() { widths[i] = Swift.max(widths[i], cell.count) }
        }
        return ([header] + cells).map { row in
            row.enumerated().map { i, cell in
                i < 3 ? cell.padding(toLength: widths[i], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[i] - cell.count) + cell
            }.joined(separator: "  ")
        }
    }

    private static func number(_ value: Double?) -> String {
        guard let value else { return "-" }
        return value.isNaN ? "nan" : String(format: "%.6g", value)
    }

    private static func oneLine(_ text: String, limit: Int) -> String {
        let flat = text.replacingOccurrences(of: "\n", with: "\\n")
        return flat.count > limit ? String(flat.prefix(limit)) + "... (\(flat.count) chars)" : flat
    }
}
