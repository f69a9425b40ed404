import ArgumentParser
import Detector
import Imaging
import Foundation

/// The --model option shared by the commands that run the detector.
struct ModelOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A checkpoint: .safetensors or .pth (zip or legacy) of an mmdetection Double-Head R-CNN or Faster R-CNN, or of a torchvision Faster R-CNN (v1, v2); the layout is recognised from the tensors. Default: the shipped demo model.", valueName: "path"))
    var model: String?

    static let demoModel = "Samples/models/shapes-dh-ext.safetensors"

    /// The checkpoint path: --model, or the demo model found from the working directory or
    /// beside the executable's package.
    func resolvedPath() throws -> String {
        if let model { return model }
        guard let found = ExecutableLocation.shippedFile(Self.demoModel) else {
            throw CLIError("no --model given and the demo model \(Self.demoModel) was not found; run from the dhscope folder or pass --model PATH")
        }
        return found
    }

    func load() throws -> DoubleHeadDetector {
        let path = try resolvedPath()
        do {
            return try ModelLoader.load(path: path)
        } catch {
            throw CLIError("\(error)")
        }
    }
}

extension HeadVariant: ExpressibleByArgument {}

extension ModelOptions {
    /// The checkpoint's path for output checks; nil when none is found (loading then says why).
    var inputPath: String? { try? resolvedPath() }
}
