/// Where a layout keeps each part of the model in its state_dict: tensor names without their
/// `.weight` / `.bias` leaf. One source for the loader, the expected shapes and the
/// architecture read off a checkpoint. (The Double-Head branches have mmdetection's names
/// only; ``DoubleHeadBBoxHead`` and ``StateDictLayout`` spell them.)
struct StateDictNames: Sendable {
    let layout: ModelLayout

    init(_ layout: ModelLayout) { self.layout = layout }

    private var isTorchvision: Bool { layout.convention == .torchvision }

    /// The ResNet's prefix.
    var backbone: String { isTorchvision ? "backbone.body." : "backbone." }

    /// The FPN's 1x1 lateral conv on C(level + 2), and its BatchNorm when the layout has one
    /// (the conv then has no bias).
    func lateral(_ level: Int) -> (conv: String, norm: String?) {
        switch layout {
        case .mmdetDoubleHead, .mmdetFasterRCNN: return ("neck.lateral_convs.\(level).conv", nil)
        case .torchvisionFasterRCNN: return ("backbone.fpn.inner_blocks.\(level).0", nil)
        case .torchvisionFasterRCNNv2: return ("backbone.fpn.inner_blocks.\(level).0", "backbone.fpn.inner_blocks.\(level).1")
        }
    }

    /// The FPN's 3x3 output conv of level P(level + 2), and its BatchNorm when the layout has one.
    func output(_ level: Int) -> (conv: String, norm: String?) {
        switch layout {
        case .mmdetDoubleHead, .mmdetFasterRCNN: return ("neck.fpn_convs.\(level).conv", nil)
        case .torchvisionFasterRCNN: return ("backbone.fpn.layer_blocks.\(level).0", nil)
        case .torchvisionFasterRCNNv2: return ("backbone.fpn.layer_blocks.\(level).0", "backbone.fpn.layer_blocks.\(level).1")
        }
    }

    /// The RPN head's 3x3 conv number `j` (with bias, then ReLU).
    func rpnConv(_ j: Int) -> String { isTorchvision ? "rpn.head.conv.\(j).0" : "rpn_head.rpn_conv" }
    /// The RPN's 1x1 objectness conv.
    var rpnClassifier: String { isTorchvision ? "rpn.head.cls_logits" : "rpn_head.rpn_cls" }
    /// The RPN's 1x1 delta conv.
    var rpnRegressor: String { isTorchvision ? "rpn.head.bbox_pred" : "rpn_head.rpn_reg" }

    /// The single-branch head's 3x3 conv `j` and its BatchNorm (torchvision v2 only).
    func headConv(_ j: Int) -> (conv: String, norm: String) {
        ("roi_heads.box_head.\(j).0", "roi_heads.box_head.\(j).1")
    }

    /// The single-branch head's fully connected layer `j` (after `convs` head convs).
    func headFC(_ j: Int, convs: Int = 0) -> String {
        switch layout {
        case .mmdetDoubleHead: return "roi_head.bbox_head.fc_branch.\(j)"
        case .mmdetFasterRCNN: return "roi_head.bbox_head.shared_fcs.\(j)"
        case .torchvisionFasterRCNN: return "roi_heads.box_head.fc\(6 + j)"
        // nn.Sequential: the conv blocks, Flatten, then Linear and ReLU in turn.
        case .torchvisionFasterRCNNv2: return "roi_heads.box_head.\(convs + 1 + 2 * j)"
        }
    }

    /// The class logits layer.
    var classifier: String { isTorchvision ? "roi_heads.box_predictor.cls_score" : "roi_head.bbox_head.fc_cls" }
    /// The box delta layer (mmdetection's Double-Head: the conv branch's).
    var regressor: String { isTorchvision ? "roi_heads.box_predictor.bbox_pred" : "roi_head.bbox_head.fc_reg" }
    /// Whether the classifier's first output is background and the regressor has deltas for it
    /// (torchvision), rather than background last with no deltas (mmdetection).
    var backgroundFirst: Bool { isTorchvision }

    /// The name a tensor has in the current layout when `name` is an older spelling of it:
    /// torchvision checkpoints written before its `Conv2dNormActivation` blocks (the published
    /// `fasterrcnn_resnet50_fpn_coco` weights among them) name the FPN convs
    /// `inner_blocks.N.weight` and the RPN conv `rpn.head.conv.weight`; torchvision renames
    /// them on load, and so does dhscope.
    static func canonicalName(_ name: String) -> String {
        for block in ["backbone.fpn.inner_blocks.", "backbone.fpn.layer_blocks."] where name.hasPrefix(block) {
            let rest = name.dropFirst(block.count).split(separator: ".")
            if rest.count == 2, Int(rest[0]) != nil, rest[1] == "weight" || rest[1] == "bias" {
                return "\(block)\(rest[0]).0.\(rest[1])"
            }
        }
        if name == "rpn.head.conv.weight" || name == "rpn.head.conv.bias" {
            return "rpn.head.conv.0.0." + name.dropFirst("rpn.head.conv.".count)
        }
        return name
    }
}
