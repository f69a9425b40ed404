import Checkpoints

/// Opens a checkpoint (.safetensors, or a zip or legacy .pth) and builds the detector it
/// describes: the architecture inferred from the tensor shapes, then the exporter's
/// metadata when present, class names from the metadata or mmdetection's meta, and COCO's
/// names for an 80-class model with none.
public enum ModelLoader {
    /// The configuration a checkpoint implies.
    public static func config(for checkpoint: Checkpoint) throws -> ModelConfig {
        var config = ModelConfig()
        let summary = ArchitectureSummary(checkpoint)
        if let depth = summary.backboneDepth { config.depth = depth }
        if let w = summary.baseWidth { config.baseWidth = w }
        if let f = summary.fpnChannels { config.fpnChannels = f; config.rpnFeatChannels = f }
        if let rpnConv = checkpoint.tensor(named: "rpn_head.rpn_conv.weight")?.shape.first { config.rpnFeatChannels = rpnConv }
        if let k = summary.numClasses { config.numClasses = k }
        if let c = summary.convOutChannels { config.convOutChannels = c }
        if let f = summary.fcOutChannels { config.fcOutChannels = f }
        config.numConvs = summary.numConvs
        config.numFcs = summary.numFcs
        config.regClassAgnostic = summary.classAgnosticRegression ?? false
        config.withConvCls = summary.hasConvClassifier
        config.withFcReg = summary.hasFcRegressor
        if let a = summary.rpnAnchorsPerLocation, a != config.anchorsPerLocation {
            guard checkpoint.metadata["anchors"] != nil else {
                throw ConfigError("\(checkpoint.path): the RPN predicts \(a) anchors per location but no anchor settings are stored; dhscope assumes mmdetection's 3 (scale 8, ratios 0.5, 1, 2)")
            }
        }
        do {
            try config.apply(metadata: checkpoint.metadata)
        } catch let error as ConfigError {
            throw ConfigError("\(checkpoint.path): \(error.description)")
        }
        if config.classNames.isEmpty {
            if let names = checkpoint.classNames, names.count == config.numClasses {
                config.classNames = names
            } else if config.numClasses == 80 {
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
        return try DoubleHeadDetector(config: config(for: checkpoint), weights: checkpoint)
    }
}
