/// Every tensor a model of a given configuration holds, by its mmdetection state_dict name.
public enum StateDictLayout {
    /// Names and shapes in mmdetection's layout (num_batches_tracked left out).
    public static func expectedShapes(of config: ModelConfig) -> [(name: String, shape: [Int])] {
        var out: [(String, [Int])] = []
        func bn(_ prefix: String, _ channels: Int) {
            for leaf in ["weight", "bias", "running_mean", "running_var"] { out.append(("\(prefix).\(leaf)", [channels])) }
        }
        func conv(_ name: String, _ o: Int, _ i: Int, _ k: Int, bias: Bool = false) {
            out.append(("\(name).weight", [o, i, k, k]))
            if bias { out.append(("\(name).bias", [o])) }
        }
        let w = config.baseWidth
        conv("backbone.conv1", w, 3, 7)
        bn("backbone.bn1", w)
        var inChannels = w
        let blocks = ModelConfig.stageBlocks(depth: config.depth) ?? [3, 4, 6, 3]
        let expansion = config.usesBottlenecks ? 4 : 1
        for (stage, count) in blocks.enumerated() {
            let planes = w << stage
            for b in 0..<count {
                let p = "backbone.layer\(stage + 1).\(b)"
                if config.usesBottlenecks {
                    conv("\(p).conv1", planes, inChannels, 1); bn("\(p).bn1", planes)
                    conv("\(p).conv2", planes, planes, 3); bn("\(p).bn2", planes)
                    conv("\(p).conv3", planes * 4, planes, 1); bn("\(p).bn3", planes * 4)
                } else {
                    conv("\(p).conv1", planes, inChannels, 3); bn("\(p).bn1", planes)
                    conv("\(p).conv2", planes, planes, 3); bn("\(p).bn2", planes)
                }
                if b == 0 && (stage > 0 || inChannels != planes * expansion) {
                    conv("\(p).downsample.0", planes * expansion, inChannels, 1)
                    bn("\(p).downsample.1", planes * expansion)
                }
                inChannels = planes * expansion
            }
        }
        let f = config.fpnChannels
        for level in 0..<4 {
            conv("neck.lateral_convs.\(level).conv", f, (w << level) * expansion, 1, bias: true)
            conv("neck.fpn_convs.\(level).conv", f, f, 3, bias: true)
        }
        let a = config.anchorsPerLocation
        conv("rpn_head.rpn_conv", config.rpnFeatChannels, f, 3, bias: true)
        conv("rpn_head.rpn_cls", a, config.rpnFeatChannels, 1, bias: true)
        conv("rpn_head.rpn_reg", 4 * a, config.rpnFeatChannels, 1, bias: true)
        let h = "roi_head.bbox_head"
        let c = config.convOutChannels, k = config.numClasses
        conv("\(h).res_block.conv1.conv", f, f, 3); bn("\(h).res_block.conv1.bn", f)
        conv("\(h).res_block.conv2.conv", c, f, 1); bn("\(h).res_block.conv2.bn", c)
        conv("\(h).res_block.conv_identity.conv", c, f, 1); bn("\(h).res_block.conv_identity.bn", c)
        for j in 0..<config.numConvs {
            let p = "\(h).conv_branch.\(j)"
            conv("\(p).conv1", c / 4, c, 1); bn("\(p).bn1", c / 4)
            conv("\(p).conv2", c / 4, c / 4, 3); bn("\(p).bn2", c / 4)
            conv("\(p).conv3", c, c / 4, 1); bn("\(p).bn3", c)
        }
        var fcIn = f * config.roiSize * config.roiSize
        for j in 0..<config.numFcs {
            out.append(("\(h).fc_branch.\(j).weight", [config.fcOutChannels, fcIn]))
            out.append(("\(h).fc_branch.\(j).bias", [config.fcOutChannels]))
            fcIn = config.fcOutChannels
        }
        out.append(("\(h).fc_cls.weight", [k + 1, config.fcOutChannels]))
        out.append(("\(h).fc_cls.bias", [k + 1]))
        out.append(("\(h).fc_reg.weight", [4 * config.regressionClasses, c]))
        out.append(("\(h).fc_reg.bias", [4 * config.regressionClasses]))
        if config.withConvCls {
            out.append(("\(h).conv_cls.weight", [k + 1, c]))
            out.append(("\(h).conv_cls.bias", [k + 1]))
        }
        if config.withFcReg {
            out.append(("\(h).fc_reg_fc.weight", [4 * config.regressionClasses, config.fcOutChannels]))
            out.append(("\(h).fc_reg_fc.bias", [4 * config.regressionClasses]))
        }
        return out
    }
}
