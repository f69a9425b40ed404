import Testing
@testable import Detector

/// Synthetic mmdetection state_dict shapes, without a file.
enum SyntheticModel {
    /// Names and shapes of a Double-Head R-CNN in mmdetection's layout.
    static func shapes(blocks: [Int], bottleneck: Bool, base: Int = 64, fpn: Int = 256, anchors: Int = 3,
                       classes: Int = 80, convOut: Int = 1024, fcOut: Int = 1024, numConvs: Int = 4,
                       numFcs: Int = 2, agnostic: Bool = false, ext: Bool = false) -> [String: [Int]] {
        var s: [String: [Int]] = [:]
        s["backbone.conv1.weight"] = [base, 3, 7, 7]
        for k in ["weight", "bias", "running_mean", "running_var"] { s["backbone.bn1.\(k)"] = [base] }
        s["backbone.bn1.num_batches_tracked"] = []
        var cin = base
        for (stage, n) in blocks.enumerated() {
            let width = base << stage
            let cout = bottleneck ? width * 4 : width
            for b in 0 ..< n {
                let p = "backbone.layer\(stage + 1).\(b)."
                s[p + "conv1.weight"] = [width, b == 0 ? cin : cout, bottleneck ? 1 : 3, bottleneck ? 1 : 3]
                s[p + "bn1.weight"] = [width]
                s[p + "conv2.weight"] = [bottleneck ? width : cout, width, 3, 3]
                s[p + "bn2.weight"] = [bottleneck ? width : cout]
                if bottleneck {
                    s[p + "conv3.weight"] = [cout, width, 1, 1]
                    s[p + "bn3.weight"] = [cout]
                }
                if b == 0 && (cin != cout || stage > 0) {
                    s[p + "downsample.0.weight"] = [cout, cin, 1, 1]
                    s[p + "downsample.1.weight"] = [cout]
                }
            }
            cin = cout
        }
        for l in 0 ..< 4 {
            s["neck.lateral_convs.\(l).conv.weight"] = [fpn, 1, 1, 1]
            s["neck.fpn_convs.\(l).conv.weight"] = [fpn, fpn, 3, 3]
            s["neck.fpn_convs.\(l).conv.bias"] = [fpn]
        }
        s["rpn_head.rpn_conv.weight"] = [fpn, fpn, 3, 3]
        s["rpn_head.rpn_cls.weight"] = [anchors, fpn, 1, 1]
        s["rpn_head.rpn_reg.weight"] = [4 * anchors, fpn, 1, 1]
        let h = "roi_head.bbox_head."
        s[h + "res_block.conv1.conv.weight"] = [fpn, fpn, 3, 3]
        s[h + "res_block.conv2.conv.weight"] = [convOut, fpn, 1, 1]
        s[h + "res_block.conv_identity.conv.weight"] = [convOut, fpn, 1, 1]
        for j in 0 ..< numConvs {
            s[h + "conv_branch.\(j).conv1.weight"] = [convOut / 4, convOut, 1, 1]
            s[h + "conv_branch.\(j).conv3.weight"] = [convOut, convOut / 4, 1, 1]
        }
        for i in 0 ..< numFcs {
            s[h + "fc_branch.\(i).weight"] = [fcOut, i == 0 ? fpn * 49 : fcOut]
            s[h + "fc_branch.\(i).bias"] = [fcOut]
        }
        s[h + "fc_cls.weight"] = [classes + 1, fcOut]
        s[h + "fc_reg.weight"] = [agnostic ? 4 : 4 * classes, convOut]
        if ext {
            s[h + "conv_cls.weight"] = [classes + 1, convOut]
            s[h + "fc_reg_fc.weight"] = [agnostic ? 4 : 4 * classes, fcOut]
        }
        return s
    }
}

@Suite struct ArchitectureSummaryTests {
    @Test func resNet50DoubleHead() {
        let a = ArchitectureSummary(shapes: SyntheticModel.shapes(blocks: [3, 4, 6, 3], bottleneck: true))
        #expect(a.blocksPerStage == [3, 4, 6, 3])
        #expect(a.bottleneck == true)
        #expect(a.backboneDepth == 50)
        #expect(a.baseWidth == 64)
        #expect(a.fpnChannels == 256)
        #expect(a.fpnLevels == 4)
        #expect(a.rpnAnchorsPerLocation == 3)
        #expect(a.numClasses == 80)
        #expect(a.convOutChannels == 1024)
        #expect(a.fcOutChannels == 1024)
        #expect(a.numConvs == 4)
        #expect(a.numFcs == 2)
        #expect(a.classAgnosticRegression == false)
        #expect(!a.hasExtOutputs && !a.hasConvClassifier && !a.hasFcRegressor)
        #expect(a.lines.first == "backbone: ResNet-50, 3/4/6/3 bottleneck blocks, base width 64")
    }

    @Test func resNet18NarrowExt() {
        let a = ArchitectureSummary(shapes: SyntheticModel.shapes(
            blocks: [2, 2, 2, 2], bottleneck: false, base: 32, fpn: 64, classes: 8, convOut: 256, fcOut: 256,
            numConvs: 2, numFcs: 2, ext: true))
        #expect(a.backboneDepth == 18)
        #expect(a.bottleneck == false)
        #expect(a.baseWidth == 32)
        #expect(a.fpnChannels == 64)
        #expect(a.numClasses == 8)
        #expect(a.convOutChannels == 256 && a.fcOutChannels == 256)
        #expect(a.numConvs == 2)
        #expect(a.hasExtOutputs)
    }

    @Test func classAgnosticAndOtherDepths() {
        let agnostic = ArchitectureSummary(shapes: SyntheticModel.shapes(blocks: [3, 4, 23, 3], bottleneck: true,
                                                                        classes: 20, agnostic: true))
        #expect(agnostic.backboneDepth == 101)
        #expect(agnostic.classAgnosticRegression == true)
        #expect(agnostic.numClasses == 20)
        #expect(ArchitectureSummary(shapes: SyntheticModel.shapes(blocks: [3, 4, 6, 3], bottleneck: false)).backboneDepth == 34)
        #expect(ArchitectureSummary(shapes: SyntheticModel.shapes(blocks: [1, 1, 1, 1], bottleneck: true)).backboneDepth == nil)
    }

    @Test func emptyOrForeignStateDict() {
        let a = ArchitectureSummary(shapes: ["fc.weight": [10, 5]])
        #expect(a.backboneDepth == nil && a.bottleneck == nil && a.numClasses == nil)
        #expect(a.numConvs == 0 && a.numFcs == 0 && a.lines.isEmpty)
    }
}
