import Checkpoints
import Foundation
import TestSupport

/// A second model for the two-model tests: the shipped demo changed as a model is changed
/// between two trainings, so that the two agree on most objects and differ on some. Its RoI
/// head's class biases favour square over star (star's logit -3, square's +1.5, in both the fc
/// and the conv classifier) and its conv branch's regression is 1.2 times as strong. Written
/// as F32 safetensors with the demo's metadata; `Tools/make_second_demo.py` writes the same
/// file for the README's screenshot.
enum SecondDemoModel {
    static let demo = "Samples/models/shapes-dh-ext.safetensors"
    static let fileName = "shapes-dh-ext-b.safetensors"

    /// Writes the model into `folder`; returns its path.
    static func write(in folder: TemporaryFolder) throws -> String {
        let checkpoint = try Checkpoint.open(path: RepositoryFiles.path(demo))
        let classes = checkpoint.classNames ?? []
        guard let star = classes.firstIndex(of: "star"), let square = classes.firstIndex(of: "square") else {
            throw TerminalTestError("\(demo): no star or square class")
        }
        var tensors: [SafetensorsBytes.Tensor] = []
        for name in checkpoint.names.sorted() {
            guard let info = checkpoint.tensor(named: name) else { continue }
            var values = try checkpoint.floats(name)
            switch name {
            case "roi_head.bbox_head.fc_cls.bias", "roi_head.bbox_head.conv_cls.bias":
                values[star] -= 3
                values[square] += 1.5
            case "roi_head.bbox_head.fc_reg.weight":
                values = values.map { $0 * 1.2 }
            default:
                break
            }
            tensors.append(SafetensorsBytes.Tensor(name: name, shape: info.shape, values: values))
        }
        let path = folder.file(fileName)
        try Data(SafetensorsBytes.make(tensors, metadata: checkpoint.metadata)).write(to: URL(fileURLWithPath: path))
        return path
    }
}
