import Checkpoints
import Reporting

/// A detector's architecture read off its state_dict names and shapes (DOUBLE_HEAD.md
/// section 2 for mmdetection's names), in the ``ModelLayout`` the tensors match, or the one they
/// come closest to. Fields are nil (or 0 / false) when the tensors that would reveal them are
/// absent, so partial checkpoints still summarise.
public struct ArchitectureSummary: Sendable, Hashable, Encodable {
    /// The layout the tensors match exactly; nil when they match none.
    @OrNull public private(set) var layout: ModelLayout? = nil
    /// When no layout matches: the closest one and how the tensors differ from it; nil when
    /// a layout matches or when no tensor is where any layout puts it.
    @OrNull public private(set) var layoutDifferences: String? = nil
    /// Residual blocks per stage (`layer1..4`), e.g. [3, 4, 6, 3].
    public private(set) var blocksPerStage: [Int]
    /// Whether the blocks are bottlenecks (`conv3` present) rather than basic blocks.
    @OrNull public private(set) var bottleneck: Bool? = nil
    /// ResNet depth (18, 34, 50, 101, 152) when the block counts match a standard one.
    @OrNull public private(set) var backboneDepth: Int? = nil
    /// Stem width: `conv1.weight` output channels (64 for standard ResNets).
    @OrNull public private(set) var baseWidth: Int? = nil
    /// FPN channels: the first output conv's output channels.
    @OrNull public private(set) var fpnChannels: Int? = nil
    /// FPN levels with an output conv.
    public private(set) var fpnLevels: Int
    /// Anchors per location: the RPN classifier's output channels (sigmoid RPN).
    @OrNull public private(set) var rpnAnchorsPerLocation: Int? = nil
    /// The RPN's 3x3 convs (torchvision v2 has two).
    public private(set) var rpnConvs: Int
    /// The RPN convs' output channels.
    @OrNull public private(set) var rpnChannels: Int? = nil
    /// Foreground classes K: the classifier's outputs minus the background one.
    @OrNull public private(set) var numClasses: Int? = nil
    /// Double-Head: the conv branch's width; torchvision v2: the head convs' width.
    @OrNull public private(set) var convOutChannels: Int? = nil
    /// The fc layers' width (Double-Head's fc branch, the baselines' shared fcs).
    @OrNull public private(set) var fcOutChannels: Int? = nil
    /// Double-Head: bottlenecks in the conv branch; torchvision v2: head convs.
    public private(set) var numConvs: Int
    /// Double-Head: fcs in the fc branch; the baselines: the head's fcs.
    public private(set) var numFcs: Int
    /// Whether the regressor predicts one box for all classes (4 outputs).
    @OrNull public private(set) var classAgnosticRegression: Bool? = nil
    /// Double-Head-Ext: the conv branch also classifies (`roi_head.bbox_head.conv_cls`).
    public private(set) var hasConvClassifier: Bool
    /// Double-Head-Ext: the fc branch also regresses (`roi_head.bbox_head.fc_reg_fc`).
    public private(set) var hasFcRegressor: Bool

    /// Whether the head has all four outputs (Double-Head-Ext), so every variant can be shown.
    public private(set) var hasExtOutputs: Bool

    /// Infers the architecture from tensor names and shapes: the layout they match (or come
    /// closest to), then every width and count that layout's names reveal.
    public init(shapes: [String: [Int]]) {
        let canonical = ModelLayout.canonicalShapes(shapes)
        let matches = ModelLayout.matches(shapes: canonical, order: canonical.keys.sorted())
        let best = ModelLayout.closest(matches)
        self.init(shapes: canonical, layout: best.layout)
        if best.isExact {
            layout = best.layout
        } else if best.matched > 0 {
            layoutDifferences = "closest: \(best.layout.title); \(best.differences)"
        }
    }

    /// The architecture of `checkpoint`'s tensors.
    public init(_ checkpoint: Checkpoint) {
        self.init(shapes: checkpoint.shapes)
    }

    /// The architecture read as `layout` names things (names already canonical).
    /// Every count and width is read from more than one tensor where it can be, so that a
    /// checkpoint with one tensor renamed is still read as the model it nearly is (and the
    /// differences name that tensor alone).
    init(shapes: [String: [Int]], layout assumed: ModelLayout) {
        /// Output channels of a layer: its weight's first dimension, or its bias's length.
        func out(_ name: String) -> Int? { shapes[name + ".weight"]?.first ?? shapes[name + ".bias"]?.first }
        /// Whether any tensor of the module `name` is present.
        func has(_ name: String) -> Bool { shapes.keys.contains { $0.hasPrefix(name + ".") } }
        func inp(_ name: String) -> Int? {
            guard let s = shapes[name + ".weight"], s.count >= 2 else { return nil }
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
        let names = StateDictNames(assumed)
        let b = names.backbone
        blocksPerStage = (1 ... 4).map { indices("\(b)layer\($0).").count }
        let hasBackbone = blocksPerStage.contains { $0 > 0 }
        let blocks = blocksPerStage
        let usesBottlenecks = hasBackbone ? shapes.keys.contains { $0.hasPrefix("\(b)layer") && $0.contains(".conv3.") } : nil
        bottleneck = usesBottlenecks
        backboneDepth = ModelConfig.resNetDepths.first { depth in
            ModelConfig.stageBlocks(depth: depth) == blocks && usesBottlenecks == (depth >= 50)
        }
        baseWidth = out("\(b)conv1")
        fpnChannels = out(names.output(0).conv)
        fpnLevels = (0..<8).filter { shapes[names.output($0).conv + ".weight"] != nil }.count
        rpnAnchorsPerLocation = out(names.rpnClassifier)
        rpnConvs = (0..<8).filter { shapes[names.rpnConv($0) + ".weight"] != nil }.count
        if assumed.convention == .mmdetection { rpnConvs = min(rpnConvs, 1) }
        rpnChannels = out(names.rpnConv(0))
        // The classifier's outputs less background, or the regressor's (4 per class, background's
        // too in torchvision's layout) when the classifier is unreadable.
        let fromRegressor = out(names.regressor).flatMap { r -> Int? in
            guard r > 4, r % 4 == 0 else { return nil }
            return names.backgroundFirst ? r / 4 - 1 : r / 4
        }
        numClasses = out(names.classifier).map { $0 - 1 } ?? fromRegressor
        hasConvClassifier = false
        hasFcRegressor = false
        switch assumed {
        case .mmdetDoubleHead:
            let head = "roi_head.bbox_head."
            convOutChannels = inp(head + "fc_reg") ?? out(head + "res_block.conv2.conv")
            fcOutChannels = inp(head + "fc_cls") ?? out(head + "fc_branch.0")
            numConvs = indices(head + "conv_branch.").count
            numFcs = indices(head + "fc_branch.").count
            classAgnosticRegression = out(head + "fc_reg").map { $0 == 4 }
            hasConvClassifier = shapes[head + "conv_cls.weight"] != nil
            hasFcRegressor = shapes[head + "fc_reg_fc.weight"] != nil
        case .mmdetFasterRCNN:
            numConvs = 0
            numFcs = indices("roi_head.bbox_head.shared_fcs.").count
            fcOutChannels = out(names.headFC(0)) ?? inp(names.classifier) ?? inp(names.regressor)
            classAgnosticRegression = out(names.regressor).map { $0 == 4 }
        case .torchvisionFasterRCNN:
            numConvs = 0
            numFcs = (0..<2).filter { has(names.headFC($0)) }.count
            fcOutChannels = out(names.headFC(0)) ?? out(names.headFC(1)) ?? inp(names.classifier) ?? inp(names.regressor)
            classAgnosticRegression = out(names.regressor).map { $0 == 4 }
        case .torchvisionFasterRCNNv2:
            // nn.Sequential: conv blocks (".0" conv, ".1" BatchNorm), Flatten, then Linear, ReLU...
            let modules = indices("roi_heads.box_head.")
            numConvs = modules.filter { has("roi_heads.box_head.\($0).0") || has("roi_heads.box_head.\($0).1") }.count
            numFcs = modules.filter {
                shapes["roi_heads.box_head.\($0).weight"] != nil || shapes["roi_heads.box_head.\($0).bias"] != nil
            }.count
            convOutChannels = out(names.headConv(0).conv) ?? shapes[names.headConv(0).norm + ".weight"]?.first
            fcOutChannels = out(names.headFC(0, convs: numConvs)) ?? inp(names.classifier) ?? inp(names.regressor)
            classAgnosticRegression = out(names.regressor).map { $0 == 4 }
        }
        hasExtOutputs = hasConvClassifier && hasFcRegressor
    }

    // snake_case keys; unknown fields are written as null rather than left out.
    private enum CodingKeys: String, CodingKey {
        case layout, layoutDifferences = "layout_differences"
        case backboneDepth = "backbone_depth", blocksPerStage = "blocks_per_stage", bottleneck
        case baseWidth = "base_width", fpnChannels = "fpn_channels", fpnLevels = "fpn_levels"
        case rpnAnchorsPerLocation = "rpn_anchors_per_location", rpnConvs = "rpn_convs", rpnChannels = "rpn_channels"
        case numClasses = "num_classes"
        case convOutChannels = "conv_out_channels", fcOutChannels = "fc_out_channels"
        case numConvs = "num_convs", numFcs = "num_fcs", classAgnosticRegression = "class_agnostic_regression"
        case hasConvClassifier = "has_conv_cls", hasFcRegressor = "has_fc_reg_fc", hasExtOutputs = "has_ext_outputs"
    }

    /// One line per known field, for people; the layout last.
    public var lines: [String] {
        var out: [String] = []
        func opt(_ v: Int?) -> String { v.map(String.init) ?? "?" }
        if blocksPerStage.contains(where: { $0 > 0 }) {
            let kind = bottleneck == true ? "bottleneck" : "basic"
            let depth = backboneDepth.map { "ResNet-\($0)" } ?? "ResNet (non-standard)"
            out.append("backbone: \(depth), \(blocksPerStage.map(String.init).joined(separator: "/")) \(kind) blocks, base width \(opt(baseWidth))")
        }
        if fpnChannels != nil { out.append("neck: FPN, \(opt(fpnChannels)) channels, \(fpnLevels) levels") }
        if let a = rpnAnchorsPerLocation { out.append("rpn: \(a) anchors per location" + (rpnConvs > 1 ? ", \(rpnConvs) convs" : "")) }
        let reg = classAgnosticRegression.map { $0 ? "class-agnostic" : "class-specific" } ?? "?"
        if layout == nil || layout == .mmdetDoubleHead {
            if numClasses != nil || numConvs > 0 || numFcs > 0 {
                out.append("roi head: \(opt(numClasses)) classes, conv branch \(numConvs) convs x \(opt(convOutChannels)), "
                               + "fc branch \(numFcs) fcs x \(opt(fcOutChannels))")
                let ext = hasExtOutputs ? "yes (conv_cls and fc_reg_fc)"
                    : hasConvClassifier ? "conv_cls only" : hasFcRegressor ? "fc_reg_fc only" : "no"
                out.append("regression: \(reg); Ext outputs: \(ext)")
            }
        } else {
            let convs = numConvs > 0 ? "\(numConvs) convs x \(opt(convOutChannels)), then " : ""
            out.append("roi head: \(opt(numClasses)) classes, \(convs)\(numFcs) fcs x \(opt(fcOutChannels)); regression: \(reg)")
        }
        if let layout {
            out.append("layout: \(layout.title)")
        } else if let layoutDifferences {
            out.append("layout: none recognised (\(layoutDifferences))")
        }
        return out
    }
}
