import Checkpoints
import Reporting

/// A Double-Head R-CNN architecture read off mmdetection state_dict names and shapes
/// (DOUBLE_HEAD.md section 2). Fields are nil (or 0 / false) when the tensors that would
/// reveal them are absent, so partial checkpoints still summarise.
public struct ArchitectureSummary: Sendable, Hashable, Encodable {
    /// Residual blocks per stage (`backbone.layer1..4`), e.g. [3, 4, 6, 3].
    public private(set) var blocksPerStage: [Int]
    /// Whether the blocks are bottlenecks (`conv3` present) rather than basic blocks.
    @OrNull public private(set) var bottleneck: Bool?
    /// ResNet depth (18, 34, 50, 101, 152) when the block counts match a standard one.
    @OrNull public private(set) var backboneDepth: Int?
    /// Stem width: `backbone.conv1.weight` output channels (64 for standard ResNets).
    @OrNull public private(set) var baseWidth: Int?
    /// FPN channels: `neck.fpn_convs.0.conv.weight` output channels.
    @OrNull public private(set) var fpnChannels: Int?
    /// FPN levels with an output conv.
    public private(set) var fpnLevels: Int
    /// Anchors per location: `rpn_head.rpn_cls.weight` output channels (sigmoid RPN).
    @OrNull public private(set) var rpnAnchorsPerLocation: Int?
    /// Foreground classes K: `fc_cls` outputs minus the background column.
    @OrNull public private(set) var numClasses: Int?
    /// Conv-branch output channels (the conv head's feature width).
    @OrNull public private(set) var convOutChannels: Int?
    /// fc-branch output channels.
    @OrNull public private(set) var fcOutChannels: Int?
    /// Bottlenecks in the conv branch (`roi_head.bbox_head.conv_branch.N`).
    public private(set) var numConvs: Int
    /// Fully connected layers in the fc branch (`roi_head.bbox_head.fc_branch.N`).
    public private(set) var numFcs: Int
    /// Whether `fc_reg` predicts one box for all classes (4 outputs).
    @OrNull public private(set) var classAgnosticRegression: Bool?
    /// Double-Head-Ext: the conv branch also classifies (`roi_head.bbox_head.conv_cls`).
    public private(set) var hasConvClassifier: Bool
    /// Double-Head-Ext: the fc branch also regresses (`roi_head.bbox_head.fc_reg_fc`).
    public private(set) var hasFcRegressor: Bool

    /// Whether the head has all four outputs (Double-Head-Ext), so every variant can be shown.
    public private(set) var hasExtOutputs: Bool

    /// Infers the architecture from tensor names and shapes.
    public init(shapes: [String: [Int]]) {
        func out(_ name: String) -> Int? { shapes[name]?.first }
        func inp(_ name: String) -> Int? {
            guard let s = shapes[name], s.count >= 2 else { return nil }
            return s[1]
        }
        /// Distinct N in "<prefix>N." names.
        func indices(_ prefix: String) -> Set<Int> {
            var set = Set<Int>()
            for name in shapes.keys where name.hasPrefix(prefix) {
                let rest = name.dropFirst(prefix.count)
                if let dot = rest.firstIndex(of: "."), let i = Int(rest[..<dot]) { set.insert(i) }
            }
            return set
        }

        blocksPerStage = (1 ... 4).map { indices("backbone.layer\($0).").count }
        let hasBackbone = blocksPerStage.contains { $0 > 0 }
        let blocks = blocksPerStage
        let usesBottlenecks = hasBackbone ? shapes.keys.contains { $0.hasPrefix("backbone.layer") && $0.contains(".conv3.") } : nil
        bottleneck = usesBottlenecks
        backboneDepth = ModelConfig.resNetDepths.first { depth in
            ModelConfig.stageBlocks(depth: depth) == blocks && usesBottlenecks == (depth >= 50)
        }
        baseWidth = out("backbone.conv1.weight")
        fpnChannels = out("neck.fpn_convs.0.conv.weight")
        fpnLevels = indices("neck.fpn_convs.").count
        rpnAnchorsPerLocation = out("rpn_head.rpn_cls.weight")

        let head = "roi_head.bbox_head."
        numClasses = out(head + "fc_cls.weight").map { $0 - 1 }
        convOutChannels = inp(head + "fc_reg.weight") ?? out(head + "res_block.conv2.conv.weight")
        fcOutChannels = inp(head + "fc_cls.weight") ?? out(head + "fc_branch.0.weight")
        numConvs = indices(head + "conv_branch.").count
        numFcs = indices(head + "fc_branch.").count
        classAgnosticRegression = out(head + "fc_reg.weight").map { $0 == 4 }
        let convClassifier = shapes[head + "conv_cls.weight"] != nil, fcRegressor = shapes[head + "fc_reg_fc.weight"] != nil
        hasConvClassifier = convClassifier
        hasFcRegressor = fcRegressor
        hasExtOutputs = convClassifier && fcRegressor
    }

    /// The architecture of `checkpoint`'s tensors.
    public init(_ checkpoint: Checkpoint) {
        self.init(shapes: checkpoint.shapes)
    }

    // snake_case keys; unknown fields are written as null rather than left out.
    private enum CodingKeys: String, CodingKey {
        case backboneDepth = "backbone_depth", blocksPerStage = "blocks_per_stage", bottleneck
        case baseWidth = "base_width", fpnChannels = "fpn_channels", fpnLevels = "fpn_levels"
        case rpnAnchorsPerLocation = "rpn_anchors_per_location", numClasses = "num_classes"
        case convOutChannels = "conv_out_channels", fcOutChannels = "fc_out_channels"
        case numConvs = "num_convs", numFcs = "num_fcs", classAgnosticRegression = "class_agnostic_regression"
        case hasConvClassifier = "has_conv_cls", hasFcRegressor = "has_fc_reg_fc", hasExtOutputs = "has_ext_outputs"
    }

    /// One line per known field, for people.
    public var lines: [String] {
        var out: [String] = []
        func opt(_ v: Int?) -> String { v.map(String.init) ?? "?" }
        if blocksPerStage.contains(where: { $0 > 0 }) {
            let kind = bottleneck == true ? "bottleneck" : "basic"
            let depth = backboneDepth.map { "ResNet-\($0)" } ?? "ResNet (non-standard)"
            out.append("backbone: \(depth), \(blocksPerStage.map(String.init).joined(separator: "/")) \(kind) blocks, base width \(opt(baseWidth))")
        }
        if fpnChannels != nil { out.append("neck: FPN, \(opt(fpnChannels)) channels, \(fpnLevels) levels") }
        if let a = rpnAnchorsPerLocation { out.append("rpn: \(a) anchors per location") }
        if numClasses != nil || numConvs > 0 || numFcs > 0 {
            out.append("roi head: \(opt(numClasses)) classes, conv branch \(numConvs) convs x \(opt(convOutChannels)), "
                           + "fc branch \(numFcs) fcs x \(opt(fcOutChannels))")
            let reg = classAgnosticRegression.map { $0 ? "class-agnostic" : "class-specific" } ?? "?"
            let ext = hasExtOutputs ? "yes (conv_cls and fc_reg_fc)"
                : hasConvClassifier ? "conv_cls only" : hasFcRegressor ? "fc_reg_fc only" : "no"
            out.append("regression: \(reg); Ext outputs: \(ext)")
        }
        return out
    }
}
