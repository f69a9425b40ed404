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
        try config(shapes: checkpoint.shapes, order: checkpoint.names, metadata: checkpoint.metadata,
                   classNames: checkpoint.classNames, source: checkpoint.path)
    }

    /// The configuration of a checkpoint with these tensors.
    /// - Parameters:
    ///   - shapes: every tensor's name and shape.
    ///   - order: the names in the file's order (for "the first unexpected tensor").
    ///   - metadata: safetensors `__metadata__` (dhscope's exporter writes the settings there).
    ///   - classNames: the names the file carries (mmdetection's meta), if any.
    ///   - source: the file, for messages.
    public static func config(shapes: [String: [Int]], order: [String]? = nil, metadata: [String: String] = [:],
                              classNames: [String]? = nil, source: String) throws -> ModelConfig {
        let closest = ArchitectureSummary(shapes: shapes)
        if let a = closest.rpnAnchorsPerLocation, a != 3, metadata["anchors"] == nil {
            throw ConfigError("\(source): the RPN predicts \(a) anchors per location but no anchor settings are stored; dhscope assumes 3 (ratios 0.5, 1, 2 at one size per level)")
        }
        let layout = try ModelLayout.recognize(shapes: shapes, order: order, metadata: metadata, source: source)
        var config = ModelConfig(architecture: ArchitectureSummary(shapes: ModelLayout.canonicalShapes(shapes), layout: layout),
                                 layout: layout)
        do {
            try config.apply(metadata: metadata)
        } catch let error as ConfigError {
            throw ConfigError("\(source): \(error.description)")
        }
        if config.classNames.isEmpty {
            if let names = classNames, names.count == config.numClasses {
                config.classNames = names
            } else if config.numClasses == 80 && config.convention == .mmdetection {
                config.classNames = cocoClassNames
            }
        }
        do {
            try config.validate()
        } catch let error as ConfigError {
            throw ConfigError("\(source): \(error.description)")
        }
        return config
    }

    /// Opens `path` and builds its detector.
    public static func load(path: String) throws -> DoubleHeadDetector {
        let checkpoint = try Checkpoint.open(path: path)
        return try DoubleHeadDetector(config: config(for: checkpoint), weights: CanonicalWeights(checkpoint))
    }
}
