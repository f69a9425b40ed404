import Foundation

extension ModelConfig {
    /// Reads the settings dhscope's exporter writes into safetensors `__metadata__`
    /// (JSON strings under "architecture", "classes", "anchors", "normalization", "test_cfg";
    /// see Tools/README.md). Keys that are absent keep their current values.
    public mutating func apply(metadata: [String: String]) throws {
        func object(_ key: String) throws -> [String: Any]? {
            guard let text = metadata[key] else { return nil }
            guard let value = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
                throw ConfigError("metadata \"\(key)\" is not a JSON object")
            }
            return value
        }
        if let a = try object("architecture") {
            depth = a["depth"] as? Int ?? depth
            baseWidth = a["base_width"] as? Int ?? baseWidth
            fpnChannels = a["fpn_channels"] as? Int ?? fpnChannels
            rpnFeatChannels = a["rpn_feat_channels"] as? Int ?? rpnFeatChannels
            numClasses = a["num_classes"] as? Int ?? numClasses
            roiSize = a["roi_size"] as? Int ?? roiSize
            roiFinestScale = a["roi_finest_scale"] as? Double ?? roiFinestScale
            regressionRoIScale = a["roi_scale_factor_reg"] as? Double ?? regressionRoIScale
            convOutChannels = a["conv_out_channels"] as? Int ?? convOutChannels
            fcOutChannels = a["fc_out_channels"] as? Int ?? fcOutChannels
            numConvs = a["num_convs"] as? Int ?? numConvs
            numFcs = a["num_fcs"] as? Int ?? numFcs
            withConvCls = a["with_conv_cls"] as? Bool ?? withConvCls
            withFcReg = a["with_fc_reg"] as? Bool ?? withFcReg
            regClassAgnostic = a["reg_class_agnostic"] as? Bool ?? regClassAgnostic
            rcnnTargetStds = a["rcnn_target_stds"] as? [Double] ?? rcnnTargetStds
            rcnnTargetMeans = a["rcnn_target_means"] as? [Double] ?? rcnnTargetMeans
            rpnTargetStds = a["rpn_target_stds"] as? [Double] ?? rpnTargetStds
            rpnTargetMeans = a["rpn_target_means"] as? [Double] ?? rpnTargetMeans
            bnEpsilon = a["bn_eps"] as? Double ?? bnEpsilon
        }
        if let text = metadata["classes"] {
            guard let names = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String] else {
                throw ConfigError("metadata \"classes\" is not a JSON list of names")
            }
            classNames = names
        }
        if let a = try object("anchors") {
            anchorStrides = a["strides"] as? [Int] ?? anchorStrides
            anchorScales = a["scales"] as? [Double] ?? anchorScales
            anchorRatios = a["ratios"] as? [Double] ?? anchorRatios
        }
        if let n = try object("normalization") {
            mean = n["mean"] as? [Double] ?? mean
            std = n["std"] as? [Double] ?? std
        }
        if let t = try object("test_cfg") {
            testScale = t["scale"] as? [Int] ?? testScale
            sizeDivisor = t["size_divisor"] as? Int ?? sizeDivisor
            if let rpn = t["rpn"] as? [String: Any] {
                rpnNmsPre = rpn["nms_pre"] as? Int ?? rpnNmsPre
                rpnMaxPerImage = rpn["max_per_img"] as? Int ?? rpnMaxPerImage
                rpnNmsIoU = rpn["nms_iou"] as? Double ?? rpnNmsIoU
            }
            if let rcnn = t["rcnn"] as? [String: Any] {
                scoreThreshold = rcnn["score_thr"] as? Double ?? scoreThreshold
                rcnnNmsIoU = rcnn["nms_iou"] as? Double ?? rcnnNmsIoU
                maxPerImage = rcnn["max_per_img"] as? Int ?? maxPerImage
            }
        }
        try validate()
    }

    /// Rejects settings the engine cannot run, with a message naming the setting.
    public func validate() throws {
        guard ModelConfig.stageBlocks(depth: depth) != nil else { throw ConfigError("unsupported ResNet depth \(depth) (use 18, 34, 50, 101 or 152)") }
        guard baseWidth > 0, fpnChannels > 0, rpnFeatChannels > 0, numClasses > 0, roiSize > 0 else {
            throw ConfigError("widths, class count and RoI size must be positive")
        }
        guard anchorStrides.count == 5, anchorStrides.allSatisfy({ $0 > 0 }) else {
            throw ConfigError("expected five positive anchor strides (P2..P6), got \(anchorStrides)")
        }
        guard !anchorScales.isEmpty, !anchorRatios.isEmpty, anchorRatios.allSatisfy({ $0 > 0 }) else {
            throw ConfigError("anchor scales and ratios must be non-empty and positive")
        }
        guard mean.count == 3, std.count == 3, std.allSatisfy({ $0 > 0 }) else { throw ConfigError("mean and std need three channels, std positive") }
        guard testScale.count == 2, testScale.allSatisfy({ $0 > 0 }), sizeDivisor > 0 else { throw ConfigError("test scale must be two positive sizes") }
        guard rcnnTargetStds.count == 4, rpnTargetStds.count == 4 else { throw ConfigError("target stds need four values") }
        guard !layout.isDoubleHead || convOutChannels % 4 == 0 else { throw ConfigError("conv_out_channels must be a multiple of 4") }
        guard rpnConvs >= 1 else { throw ConfigError("the RPN needs at least one conv") }
        guard convention == .mmdetection || anchorScales.count == 1 else {
            throw ConfigError("torchvision's anchors have one size per level; got \(anchorScales.count) scales")
        }
        guard classNames.isEmpty || classNames.count == numClasses else {
            throw ConfigError("\(classNames.count) class names for \(numClasses) classes")
        }
    }
}

/// A model setting that cannot be used.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
