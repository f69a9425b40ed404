extension ModelConfig {
    /// The names `fullSize(named:)` knows, as `--arch` takes them.
    public static let fullSizeArchitectures = ["r50-fpn", "r101-fpn"]

    /// mmdetection's full-size Double-Head-Ext R-CNN with COCO's 80 classes: ResNet-50 or
    /// ResNet-101 with FPN, as `dhscope bench --arch` times it with formula weights.
    /// - Returns: nil for a name not in ``fullSizeArchitectures``.
    public static func fullSize(named name: String) -> ModelConfig? {
        var config = ModelConfig()
        switch name {
        case "r50-fpn": config.depth = 50
        case "r101-fpn": config.depth = 101
        default: return nil
        }
        config.withConvCls = true
        config.withFcReg = true
        config.classNames = cocoClassNames
        return config
    }
}
