/// Architecture and test-time settings of a two-stage detector: a Double-Head R-CNN, or a
/// Faster R-CNN baseline in mmdetection's or torchvision's layout (``layout``).
///
/// Defaults are mmdetection's `dh_faster_rcnn_r50_fpn_1x_coco` settings
/// (``torchvision(_:)`` gives torchvision's); a checkpoint's own metadata (safetensors
/// `__metadata__`) or its tensor shapes override them.
public struct ModelConfig: Sendable, Equatable, Codable {
    /// The checkpoint layout: the tensors' names, the box head, and whose inference rules apply.
    public var layout: ModelLayout = .mmdetDoubleHead
    // Backbone.
    public var depth = 50
    public var baseWidth = 64
    // Neck and RPN.
    public var fpnChannels = 256
    public var rpnFeatChannels = 256
    /// 3x3 convs (each with ReLU) before the RPN's classifier and regressor (torchvision v2: 2).
    public var rpnConvs = 1
    /// Strides of P2..P6 and octave scales: mmdetection's base anchor of a level is
    /// stride x scale (32..512); torchvision's anchor sizes are the same numbers.
    public var anchorStrides: [Int] = [4, 8, 16, 32, 64]
    public var anchorScales: [Double] = [8]
    public var anchorRatios: [Double] = [0.5, 1, 2]
    // RoI head.
    public var numClasses = 80
    public var roiSize = 7
    public var roiFinestScale = 56.0
    public var regressionRoIScale = 1.3
    /// Double-Head: the conv branch's width; torchvision v2: the head convs' width.
    public var convOutChannels = 1024
    public var fcOutChannels = 1024
    /// Double-Head: bottlenecks in the conv branch; torchvision v2: head convs; others 0.
    public var numConvs = 4
    /// Double-Head: the fc branch's layers; the baselines: their shared fcs.
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
    // Input: mean and std on the 0..255 scale (mmdetection) or on 0..1 (torchvision).
    public var mean: [Double] = [123.675, 116.28, 103.53]
    public var std: [Double] = [58.395, 57.12, 57.375]
    /// (long-side cap, short-side cap) of mmcv's keep-ratio rescale, or torchvision's
    /// (max_size, min_size).
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

    /// Whose inference rules the model follows (its layout's).
    public var convention: DetectionConvention { layout.convention }

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
