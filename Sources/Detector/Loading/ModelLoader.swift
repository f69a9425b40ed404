import Checkpoints

/// Opens a checkpoint (.safetensors, or a zip or legacy .pth) and builds the detector it
/// describes: the layout recognised from the tensor names and shapes (``ModelLayout``), the
/// architecture read off the shapes, then the exporter's metadata when present, class names
/// from the metadata or mmdetection's meta, COCO's names for an 80-class mmdetection model
/// and torchvision's 91 COCO labels for a 91-output torchvision model.
public enum ModelLoader {
    /// The configuration a checkpoint implies.
    /// - Throws: ``UnrecognizedLayout`` when the tensors match no known layout;
    ///   ``ConfigError`` when the settings cannot be run.
    public static func config(for checkpoint: Checkpoint) throws -> ModelConfig {
        let shapes = checkpoint.shapes
        let closest = ArchitectureSummary(shapes: shapes)
        if let a = closest.rpnAnchorsPerLocation, a != 3, checkpoint.metadata["anchors"] == nil {
            throw ConfigError("\(checkpoint.path): the RPN predicts \(a) anchors per location but no anchor settings are stored; dhscope assumes 3 (ratios 0.5, 1, 2 at one size per level)")
        }
        let layout = try ModelLayout.recognize(shapes: shapes, order: checkpoint.names, metadata: checkpoint.metadata,
                                               source: checkpoint.path)
        var config = ModelConfig(architecture: ArchitectureSummary(shapes: ModelLayout.canonicalShapes(shapes), layout: layout),
                                 layout: layout)
        do {
            try config.apply(metadata: checkpoint.metadata)
        } catch let error as ConfigError {
            throw ConfigError("\(checkpoint.path): \(error.description)")
        }
        if config.classNames.isEmpty {
            if let names = checkpoint.classNames, names.count == config.numClasses {
                config.classNames = names
            } else if config.numClasses == 80 && config.convention == .mmdetection {
                config.classNames = cocoClassNames
            }
        }
        do {
            try config.validate()
        } catch let error as ConfigError {
            throw ConfigError("\(checkpoint.path): \(error.description)")
        }
        return config
    }

    /// Opens `path` and builds its detector.
    public static func load(path: String) throws -> DoubleHeadDetector {
        let checkpoint = try Checkpoint.open(path: path)
        return try DoubleHeadDetector(config: config(for: checkpoint), weights: CanonicalWeights(checkpoint))
    }
}
