/// Every tensor a model of a given configuration holds, by its state_dict name in the
/// configuration's ``ModelLayout``.
public enum StateDictLayout {
    /// Names and shapes in the layout of `config.layout` (BatchNorm's `num_batches_tracked`
    /// left out: mmdetection and torchvision's BatchNorm2d save it, FrozenBatchNorm2d does not).
    public static func expectedShapes(of config: ModelConfig) -> [(name: String, shape: [Int])] {
        var out: [(String, [Int])] = []
        func bn(_ prefix: String, _ channels: Int) {
            for leaf in ["weight", "bias", "running_mean", "running_var"] { out.append(("\(prefix).\(leaf)", [channels])) }
        }
        func conv(_ name: String, _ o: Int, _ i: Int, _ k: Int, bias: Bool = false) {
            out.append(("\(name).weight", [o, i, k, k]))
            if bias { out.append(("\(name).bias", [o])) }
        }
        func linear(_ name: String, _ o: Int, _ i: Int) {
            out.append(("\(name).weight", [o, i]))
            out.append(("\(name).bias", [o]))
        }
        let names = StateDictNames(config.layout)
        let w = config.baseWidth, b = names.backbone
        conv("\(b)conv1", w, 3, 7)
        bn("\(b)bn1", w)
        var inChannels = w
        let blocks = ModelConfig.stageBlocks(depth: config.depth) ?? [3, 4, 6, 3]
        let expansion = config.usesBottlenecks ? 4 : 1
        for (stage, count) in blocks.enumerated() {
            let planes = w << stage
            for block in 0..<count {
                let p = "\(b)layer\(stage + 1).\(block)"
                if config.usesBottlenecks {
                    conv("\(p).conv1", planes, inChannels, 1); bn("\(p).bn1", planes)
                    conv("\(p).conv2", planes, planes, 3); bn("\(p).bn2", planes)
                    conv("\(p).conv3", planes * 4, planes, 1); bn("\(p).bn3", planes * 4)
                } else {
                    conv("\(p).conv1", planes, inChannels, 3); bn("\(p).bn1", planes)
                    conv("\(p).conv2", planes, planes, 3); bn("\(p).bn2", planes)
                }
                if block == 0 && (stage > 0 || inChannels != planes * expansion) {
                    conv("\(p).downsample.0", planes * expansion, inChannels, 1)
                    bn("\(p).downsample.1", planes * expansion)
                }
                inChannels = planes * expansion
            }
        }
        let f = config.fpnChannels
        for level in 0..<4 {
            let lateral = names.lateral(level), output = names.output(level)
            conv(lateral.conv, f, (w << level) * expansion, 1, bias: lateral.norm == nil)
            if let norm = lateral.norm { bn(norm, f) }
            conv(output.conv, f, f, 3, bias: output.norm == nil)
            if let norm = output.norm { bn(norm, f) }
        }
        let a = config.anchorsPerLocation, r = config.rpnFeatChannels
        for j in 0..<config.rpnConvs { conv(names.rpnConv(j), r, j == 0 ? f : r, 3, bias: true) }
        conv(names.rpnClassifier, a, r, 1, bias: true)
        conv(names.rpnRegressor, 4 * a, r, 1, bias: true)
        if config.layout.isDoubleHead {
            doubleHead(config, conv: conv, bn: bn, linear: linear)
        } else {
            singleHead(config, names: names, conv: conv, bn: bn, linear: linear)
        }
        return out
    }

    /// mmdetection's DoubleConvFCBBoxHead, with the Ext outputs the configuration has.
    private static func doubleHead(_ config: ModelConfig, conv: (String, Int, Int, Int, Bool) -> Void,
                                   bn: (String, Int) -> Void, linear: (String, Int, Int) -> Void) {
        let h = "roi_head.bbox_head", f = config.fpnChannels
        let c = config.convOutChannels, k = config.numClasses
        conv("\(h).res_block.conv1.conv", f, f, 3, false); bn("\(h).res_block.conv1.bn", f)
        conv("\(h).res_block.conv2.conv", c, f, 1, false); bn("\(h).res_block.conv2.bn", c)
        conv("\(h).res_block.conv_identity.conv", c, f, 1, false); bn("\(h).res_block.conv_identity.bn", c)
        for j in 0..<config.numConvs {
            let p = "\(h).conv_branch.\(j)"
            conv("\(p).conv1", c / 4, c, 1, false); bn("\(p).bn1", c / 4)
            conv("\(p).conv2", c / 4, c / 4, 3, false); bn("\(p).bn2", c / 4)
            conv("\(p).conv3", c, c / 4, 1, false); bn("\(p).bn3", c)
        }
        var fcIn = f * config.roiSize * config.roiSize
        for j in 0..<config.numFcs {
            linear("\(h).fc_branch.\(j)", config.fcOutChannels, fcIn)
            fcIn = config.fcOutChannels
        }
        linear("\(h).fc_cls", k + 1, config.fcOutChannels)
        linear("\(h).fc_reg", 4 * config.regressionClasses, c)
        if config.withConvCls { linear("\(h).conv_cls", k + 1, c) }
        if config.withFcReg { linear("\(h).fc_reg_fc", 4 * config.regressionClasses, config.fcOutChannels) }
    }

    /// A single-branch head: mmdetection's Shared2FCBBoxHead, torchvision's TwoMLPHead or
    /// FastRCNNConvFCHead with FastRCNNPredictor (background first, with its own deltas).
    private static func singleHead(_ config: ModelConfig, names: StateDictNames, conv: (String, Int, Int, Int, Bool) -> Void,
                                   bn: (String, Int) -> Void, linear: (String, Int, Int) -> Void) {
        var channels = config.fpnChannels
        for j in 0..<config.numConvs {
            let c = names.headConv(j)
            conv(c.conv, config.convOutChannels, channels, 3, false)
            bn(c.norm, config.convOutChannels)
            channels = config.convOutChannels
        }
        var fcIn = channels * config.roiSize * config.roiSize
        for j in 0..<config.numFcs {
            linear(names.headFC(j, convs: config.numConvs), config.fcOutChannels, fcIn)
            fcIn = config.fcOutChannels
        }
        let k = config.numClasses
        linear(names.classifier, k + 1, fcIn)
        linear(names.regressor, 4 * (names.backgroundFirst ? k + 1 : config.regressionClasses), fcIn)
    }
}
