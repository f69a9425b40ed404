import ArgumentParser
import Foundation

/// The --model option of the commands that compare models (eval, browse, analyze): given
/// once or more; none means the shipped demo model.
struct ModelListOptions: ParsableArguments {
    @Option(name: .customLong("model"), help: ArgumentHelp("A checkpoint: .safetensors or .pth (zip or legacy) of an mmdetection Double-Head R-CNN or Faster R-CNN, or of a torchvision Faster R-CNN (v1, v2); the layout is recognised from the tensors. Repeat to compare models. Default: the shipped demo model.", valueName: "path"))
    var models: [String] = []

    /// One ``ModelOptions`` per --model, in order; the demo model's when none is given.
    var each: [ModelOptions] {
        // A ModelOptions made here, not parsed, must have its option set, even to nil.
        (models.isEmpty ? [nil] : models.map { Optional($0) }).map { path in
            var options = ModelOptions()
            options.model = path
            return options
        }
    }

    /// Whether more than one model is given.
    var comparesModels: Bool { models.count > 1 }

    /// The paths of the checkpoints found, for output checks.
    var inputPaths: [String] { each.compactMap(\.inputPath) }

    /// A short name per checkpoint path: its file name without extension, or the path where
    /// two file names are the same.
    static func names(_ paths: [String]) -> [String] {
        let short = paths.map { (($0 as NSString).lastPathComponent as NSString).deletingPathExtension }
        return zip(paths, short).map { path, name in short.filter { $0 == name }.count > 1 ? path : name }
    }
}
