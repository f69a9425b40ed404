/// Architecture and test-time settings of a Double-Head R-CNN model.
///
/// Defaults are mmdetection's `dh_faster_rcnn_r50_fpn_1x_coco` settings; a checkpoint's own
/// metadata (safetensors `__metadata__`) or its tensor shapes override them.
public struct ModelConfig: Sendable, Equatable, Codable {
    // Backbone.
    public var depth = 50
    public var baseWidth = 64
    // Neck and RPN.
    public var fpnChannels = 256
    public var rpnFeatChannels = 256
    public var anchorStrides: [Int] = [4, 8, 16, 32, 64]
    public var anchorScales: [Double] = [8]
    public var anchorRatios: [Double] = [0.5, 1, 2]
    // RoI head.
    public var numClasses = 80
    public var roiSize = 7
    public var roiFinestScale = 56.0
    public var regressionRoIScale = 1.3
    public var convOutChannels = 1024
    public var fcOutChannels = 1024
    public var numConvs = 4
    public var numFcs = 2
    /// Double-Head-Ext: a classifier on the conv branch.
    public var withConvCls = false
    /// Double-Head-Ext: a regressor on the fc branch.
    public var withFcReg = false
    public var regClassAgnostic = false
    public var rcnnTargetStds: [Double] = [0.1, 0.1, 0.2, 0.2]
    public var rcnnTargetMeans: [Double] = [0, 0, 0, 0]
    public var rpnTargetStds: [Double] = [1, 1, 1, 1]
    public var rpnTargetMeans: [Double] = [0, 0, 0, 0]
    public var bnEpsilon = 1e-5
    // Input.
    public var mean: [Double] = [123.675, 116.28, 103.53]
    public var std: [Double] = [58.395, 57.12, 57.375]
    /// (long-side cap, short-side cap) of mmcv's keep-ratio rescale.
    public var testScale: [Int] = [1333, 800]
    public var sizeDivisor = 32
    // Test settings.
    public var rpnNmsPre = 1000
    public var rpnMaxPerImage = 1000
    public var rpnNmsIoU = 0.7
    public var scoreThreshold = 0.05
    public var rcnnNmsIoU = 0.5
    public var maxPerImage = 100
    public var classNames: [String] = []

    public init() {}

    public var anchorsPerLocation: Int { anchorScales.count * anchorRatios.count }
    /// Regression outputs per RoI: 4 per class, or 4 when class-agnostic.
    public var regressionClasses: Int { regClassAgnostic ? 1 : numClasses }
    /// Whether the backbone uses bottleneck blocks (ResNet-50/101) or basic blocks (18/34).
    public var usesBottlenecks: Bool { depth >= 50 }

    /// The ResNet depths there are block counts for.
    public static let resNetDepths = [18, 34, 50, 101, 152]

    /// Blocks per stage for a ResNet depth.
    public static func stageBlocks(depth: Int) -> [Int]? {
        switch depth {
        case 18: return [2, 2, 2, 2]
        case 34: return [3, 4, 6, 3]
        case 50: return [3, 4, 6, 3]
        case 101: return [3, 4, 23, 3]
        case 152: return [3, 8, 36, 3]
        default: return nil
        }
    }

    /// The name of class `index` (0-based), or "class N" when the model has no names.
    public func className(_ index: Int) -> String {
        Self.className(index, names: classNames, classCount: numClasses)
    }

    /// The name of class `index` among `classCount` classes: "background" for `classCount`
    /// (the last score of every RoI), the name when `names` has one, else "class N".
    public static func className(_ index: Int, names: [String], classCount: Int) -> String {
        if index == classCount { return "background" }
        return names.indices.contains(index) ? names[index] : "class \(index)"
    }
}
