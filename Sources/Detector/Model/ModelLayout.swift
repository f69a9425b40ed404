/// The checkpoint layouts dhscope recognises from tensor names and shapes: which framework's
/// state_dict a model's tensors follow, which box head it has, and so which inference rules
/// reproduce it (``DetectionConvention``).
public enum ModelLayout: String, CaseIterable, Sendable, Codable {
    /// mmdetection's Double-Head R-CNN (`DoubleConvFCBBoxHead`; the Double-Head-Ext outputs
    /// `conv_cls` and `fc_reg_fc` optional).
    case mmdetDoubleHead = "mmdet-double-head"
    /// mmdetection's FPN Faster R-CNN baseline (`Shared2FCBBoxHead`: `shared_fcs`, `fc_cls`,
    /// `fc_reg`, class-specific or class-agnostic).
    case mmdetFasterRCNN = "mmdet-faster-rcnn"
    /// torchvision's `fasterrcnn_resnet50_fpn` (v1): `TwoMLPHead` and `FastRCNNPredictor`.
    case torchvisionFasterRCNN = "torchvision-faster-rcnn"
    /// torchvision's `fasterrcnn_resnet50_fpn_v2`: BatchNorm in the FPN, a two-conv RPN head,
    /// `FastRCNNConvFCHead` (convs with BatchNorm, then one fc).
    case torchvisionFasterRCNNv2 = "torchvision-faster-rcnn-v2"

    /// A name for people.
    public var title: String {
        switch self {
        case .mmdetDoubleHead: return "mmdetection Double-Head R-CNN (DoubleConvFCBBoxHead)"
        case .mmdetFasterRCNN: return "mmdetection FPN Faster R-CNN (Shared2FCBBoxHead)"
        case .torchvisionFasterRCNN: return "torchvision fasterrcnn_resnet50_fpn (TwoMLPHead)"
        case .torchvisionFasterRCNNv2: return "torchvision fasterrcnn_resnet50_fpn_v2 (FastRCNNConvFCHead)"
        }
    }

    /// Whose inference rules (preprocessing, anchors, proposals, RoI pooling, box decoding,
    /// post-processing) the model's numbers follow.
    public var convention: DetectionConvention {
        switch self {
        case .mmdetDoubleHead, .mmdetFasterRCNN: return .mmdetection
        case .torchvisionFasterRCNN, .torchvisionFasterRCNNv2: return .torchvision
        }
    }

    /// A short name for the box head, as the head analysis lists it: `dh` for Double-Head's two
    /// branches (analysed as `fc` and `conv`), `2fc` for two shared fcs (mmdetection's
    /// Shared2FCBBoxHead, torchvision's TwoMLPHead), `4conv1fc` for torchvision v2's.
    public var headName: String {
        switch self {
        case .mmdetDoubleHead: return "dh"
        case .mmdetFasterRCNN, .torchvisionFasterRCNN: return "2fc"
        case .torchvisionFasterRCNNv2: return "4conv1fc"
        }
    }

    /// Whether the box head has Double-Head's two branches (fc and conv); the others have one
    /// head whose scores and boxes form the single variant ``HeadVariant/fc2``.
    public var isDoubleHead: Bool { self == .mmdetDoubleHead }
}
