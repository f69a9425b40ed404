/// Which head's outputs feed post-processing (Wu et al. 2020, section 3 of DOUBLE_HEAD.md).
public enum HeadVariant: String, CaseIterable, Sendable, Codable {
    /// Classification and regression from the fc branch.
    case fc
    /// Classification and regression from the conv branch.
    case conv
    /// Double-Head: classification from fc, regression from conv (mmdetection's).
    case dh
    /// Double-Head-Reverse: classification from conv, regression from fc.
    case dhReverse = "dh-reverse"
    /// Double-Head-Ext: fused scores 1 - (1 - s_fc)(1 - s_conv), regression from conv.
    case dhExt = "dh-ext"
    /// A Faster R-CNN baseline's one head (mmdetection's Shared2FCBBoxHead, torchvision's
    /// TwoMLPHead or FastRCNNConvFCHead): its scores and its boxes. The only variant of such a
    /// model; a Double-Head model does not offer it. (Last, so the store's variant numbers stay.)
    case fc2

    /// A one-line description for help and status bars.
    public var summary: String {
        switch self {
        case .fc: return "fc head: scores and boxes from the fc branch"
        case .conv: return "conv head: scores and boxes from the conv branch"
        case .dh: return "Double-Head: fc scores, conv boxes"
        case .dhReverse: return "Double-Head-Reverse: conv scores, fc boxes"
        case .dhExt: return "Double-Head-Ext: fused fc+conv scores, conv boxes"
        case .fc2: return "Faster R-CNN baseline: the single head's scores and boxes"
        }
    }

    /// Whether the model's outputs allow this variant: a model with Double-Head's conv branch
    /// offers dh and what its Ext outputs add; a single-head model offers fc2 alone.
    public func isAvailable(hasConvBranch: Bool, withConvCls: Bool, withFcReg: Bool) -> Bool {
        switch self {
        case .fc2: return !hasConvBranch
        case .dh: return hasConvBranch
        case .fc: return hasConvBranch && withFcReg
        case .conv, .dhExt: return hasConvBranch && withConvCls
        case .dhReverse: return hasConvBranch && withConvCls && withFcReg
        }
    }

    /// The variants a model offers, in the canonical order.
    public static func available(for config: ModelConfig) -> [HeadVariant] {
        allCases.filter {
            $0.isAvailable(hasConvBranch: config.layout.isDoubleHead, withConvCls: config.withConvCls, withFcReg: config.withFcReg)
        }
    }

    /// Double-Head-Ext's score of a class from the fc and conv heads' scores:
    /// 1 - (1 - s_fc)(1 - s_conv), in Float32 as the reference computes it.
    @inline(__always)
    public static func fusedScore(_ fc: Float, _ conv: Float) -> Float { 1 - (1 - fc) * (1 - conv) }

    /// The variant used when none is asked for: Double-Head-Ext when the model has its
    /// outputs, else Double-Head (which every Double-Head model has), else the first offered
    /// (fc2 for a baseline).
    public static func preferred(among offered: [HeadVariant]) -> HeadVariant {
        offered.contains(.dhExt) ? .dhExt : offered.contains(.dh) ? .dh : offered.first ?? .dh
    }

    /// `requested`, or the preferred variant, checked against what the model offers.
    public static func resolve(_ requested: HeadVariant?, for config: ModelConfig) throws(VariantUnavailable) -> HeadVariant {
        let offered = available(for: config)
        let chosen = requested ?? preferred(among: offered)
        guard offered.contains(chosen) else { throw VariantUnavailable(variant: chosen, available: offered) }
        return chosen
    }
}
