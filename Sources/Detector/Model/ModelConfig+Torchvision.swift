extension ModelConfig {
    /// torchvision's Faster R-CNN settings for `layout` (`fasterrcnn_resnet50_fpn` or
    /// `fasterrcnn_resnet50_fpn_v2` as their constructors make them, `FasterRCNN`'s defaults):
    /// resize to 800 / 1333, mean (0.485, 0.456, 0.406) and std (0.229, 0.224, 0.225) on 0..1,
    /// padding to 32; anchors 32..512, ratios 0.5, 1, 2; RPN top 1000 per level before NMS 0.7
    /// and 1000 after; RoIAlign 7 x 7; box coder weights (10, 10, 5, 5) (stds 0.1, 0.1, 0.2,
    /// 0.2); score > 0.05, NMS 0.5, 100 detections; COCO's 91 outputs (90 classes and
    /// background). The widths are the full-size models' until a checkpoint's shapes say otherwise.
    public static func torchvision(_ layout: ModelLayout) -> ModelConfig {
        var config = ModelConfig()
        config.layout = layout
        config.mean = [0.485, 0.456, 0.406]
        config.std = [0.229, 0.224, 0.225]
        config.testScale = [1333, 800]
        config.rpnNmsPre = 1000
        config.rpnMaxPerImage = 1000
        config.numClasses = torchvisionCocoCategoryNames.count - 1
        config.classNames = Array(torchvisionCocoCategoryNames.dropFirst())
        config.fcOutChannels = 1024
        config.numFcs = layout == .torchvisionFasterRCNNv2 ? 1 : 2
        config.numConvs = layout == .torchvisionFasterRCNNv2 ? 4 : 0
        config.convOutChannels = 256
        config.rpnConvs = layout == .torchvisionFasterRCNNv2 ? 2 : 1
        return config
    }
}
