import Checkpoints
import Compute
import Imaging
import TestSupport
import Testing
@testable import Detector

/// Layouts recognised from tensor names and shapes, and what a checkpoint that matches none
/// is told. The names come from the libraries that write them: torchvision's full-size
/// models (Tests/Fixtures/torchvision/layouts.json) and files torch.save wrote.
@Suite struct LayoutRecognitionTests {
    static func shapes(_ path: String) throws -> (shapes: [String: [Int]], order: [String]) {
        let checkpoint = try Checkpoint.open(path: RepositoryFiles.path(path))
        return (checkpoint.shapes, checkpoint.names)
    }

    @Test(arguments: [
        ("Tests/Fixtures/tiny/tiny-dh-ext-legacy.pth", ModelLayout.mmdetDoubleHead),
        ("Samples/models/shapes-dh-ext.safetensors", .mmdetDoubleHead),
        ("Tests/Fixtures/baseline/faster-rcnn.pth", .mmdetFasterRCNN),
        ("Tests/Fixtures/baseline/faster-rcnn-legacy.pth", .mmdetFasterRCNN),
        ("Tests/Fixtures/baseline/agnostic.safetensors", .mmdetFasterRCNN),
        ("Tests/Fixtures/torchvision/v1.pth", .torchvisionFasterRCNN),
        ("Tests/Fixtures/torchvision/v2.pth", .torchvisionFasterRCNNv2),
    ])
    func filesAreRecognised(_ path: String, _ layout: ModelLayout) throws {
        let (shapes, order) = try Self.shapes(path)
        #expect(try ModelLayout.recognize(shapes: shapes, order: order, source: path) == layout)
        let summary = ArchitectureSummary(shapes: shapes)
        #expect(summary.layout == layout && summary.layoutDifferences == nil)
        #expect(summary.lines.last == "layout: \(layout.title)")
    }

    @Test func torchvisionsFullSizeModelsAreRecognised() throws {
        let layouts = try TorchvisionLayouts.load()
        for (model, layout) in [(layouts.v1, ModelLayout.torchvisionFasterRCNN), (layouts.v2, .torchvisionFasterRCNNv2)] {
            let (shapes, order) = model.shapes
            #expect(try ModelLayout.recognize(shapes: shapes, order: order, source: "torchvision") == layout)
            let summary = ArchitectureSummary(shapes: shapes)
            #expect(summary.backboneDepth == 50 && summary.baseWidth == 64 && summary.fpnChannels == 256)
            #expect(summary.numClasses == 90 && summary.fcOutChannels == 1024)
        }
    }

    /// torchvision's checkpoints from before Conv2dNormActivation (its published COCO weights
    /// among them) spell the FPN and RPN convs the old way; they are the same layout.
    @Test func torchvisionsOlderNamesAreTheSameLayout() throws {
        let layouts = try TorchvisionLayouts.load()
        let (shapes, order) = layouts.v1.shapes
        let older = order.map(Self.olderTorchvisionName)
        #expect(older.filter { $0.hasPrefix("backbone.fpn.inner_blocks.0.") } == ["backbone.fpn.inner_blocks.0.weight", "backbone.fpn.inner_blocks.0.bias"])
        #expect(older.contains("rpn.head.conv.weight"))
        let renamed = Dictionary(uniqueKeysWithValues: zip(older, order.map { shapes[$0] ?? [] }))
        #expect(try ModelLayout.recognize(shapes: renamed, order: older, source: "older") == .torchvisionFasterRCNN)
    }

    /// The same small v1 with its older names loads and computes what it computed before.
    @Test func olderNamesLoadTheSameWeights() throws {
        let path = RepositoryFiles.path("Tests/Fixtures/torchvision/v1.pth")
        let current = try Checkpoint.open(path: path)
        let tensors = try current.names.filter { current.tensor(named: $0)?.dtype == .f32 }.map { name in
            SafetensorsBytes.Tensor(name: Self.olderTorchvisionName(name), shape: current.shape(of: name) ?? [],
                                    values: try current.floats(name))
        }
        let bytes = try SafetensorsBytes.make(tensors)
        let older = try bytes.withUnsafeBytes { try Checkpoint.open(bytes: $0, name: "older.safetensors") }
        #expect(older.names.contains("backbone.fpn.layer_blocks.3.weight"))
        var config = try ModelLoader.config(for: older)
        #expect(config == (try ModelLoader.config(for: current)))
        config.testScale = [160, 96]
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(SharedFixtures.baselineImage))
        let before = try DoubleHeadDetector(config: config, weights: CanonicalWeights(current)).analyze(image)
        let after = try DoubleHeadDetector(config: config, weights: CanonicalWeights(older)).analyze(image)
        #expect(after.roiCount > 0 && after.fcScores == before.fcScores && after.fcDeltas == before.fcDeltas)
    }

    /// One tensor renamed: no layout matches, and the message names the closest one, the
    /// tensor it misses and the one it does not expect.
    @Test(arguments: [
        ("Tests/Fixtures/baseline/faster-rcnn.pth", ModelLayout.mmdetFasterRCNN, "roi_head.bbox_head.fc_cls.weight"),
        ("Tests/Fixtures/tiny/tiny-dh-ext-legacy.pth", .mmdetDoubleHead, "roi_head.bbox_head.conv_branch.0.conv2.weight"),
        ("Tests/Fixtures/torchvision/v1.pth", .torchvisionFasterRCNN, "roi_heads.box_head.fc6.weight"),
        ("Tests/Fixtures/torchvision/v2.pth", .torchvisionFasterRCNNv2, "backbone.fpn.inner_blocks.2.1.running_var"),
    ])
    func aNearMissNamesTheClosestLayout(_ path: String, _ layout: ModelLayout, _ victim: String) throws {
        let (shapes, order) = try Self.shapes(path)
        #expect(shapes[victim] != nil)
        let renamed = victim.replacingOccurrences(of: ".weight", with: ".weights").replacingOccurrences(of: "running_var", with: "running_variance")
        var nearMiss = shapes
        nearMiss[renamed] = nearMiss.removeValue(forKey: victim)
        let newOrder = order.map { $0 == victim ? renamed : $0 }
        let error = try #require(throws: UnrecognizedLayout.self) {
            try ModelLayout.recognize(shapes: nearMiss, order: newOrder, source: "near-miss.pth")
        }
        #expect(error.closest.layout == layout)
        #expect(error.closest.missing.map(\.name) == [victim])
        #expect(error.closest.unexpected == [renamed])
        #expect(error.closest.misshapen.isEmpty)
        #expect(error.description.contains("near-miss.pth") && error.description.contains(layout.title))
        #expect(error.description.contains("1 missing (\(victim) [") && error.description.contains("1 unexpected (\(renamed))"))
        let summary = ArchitectureSummary(shapes: nearMiss)
        #expect(summary.layout == nil && summary.layoutDifferences?.contains(layout.title) == true)
    }

    /// A tensor of the wrong shape, and a head dhscope does not know (a Mask R-CNN's mask head
    /// on the baseline), are no layout either.
    @Test func wrongShapesAndForeignHeadsAreNamed() throws {
        var (shapes, order) = try Self.shapes("Tests/Fixtures/baseline/faster-rcnn.pth")
        shapes["roi_head.mask_head.conv_logits.weight"] = [4, 8, 1, 1]
        order.append("roi_head.mask_head.conv_logits.weight")
        let foreign = try #require(throws: UnrecognizedLayout.self) {
            try ModelLayout.recognize(shapes: shapes, order: order, source: "mask-rcnn.pth")
        }
        #expect(foreign.closest.layout == .mmdetFasterRCNN && foreign.closest.unexpected == ["roi_head.mask_head.conv_logits.weight"])
        shapes["roi_head.mask_head.conv_logits.weight"] = nil
        order.removeLast()
        shapes["rpn_head.rpn_conv.weight"] = [8, 8, 1, 1]
        let misshapen = try #require(throws: UnrecognizedLayout.self) {
            try ModelLayout.recognize(shapes: shapes, order: order, source: "odd.pth")
        }
        #expect(misshapen.closest.layout == .mmdetFasterRCNN)
        #expect(misshapen.closest.misshapen == [LayoutMatch.Misshapen(name: "rpn_head.rpn_conv.weight", expected: [8, 8, 3, 3], found: [8, 8, 1, 1])])
        #expect(misshapen.description.contains("rpn_head.rpn_conv.weight [8, 8, 1, 1], expected [8, 8, 3, 3]"))
    }

    /// What the loader says of a file that matches no layout, through the file itself.
    @Test func theLoaderRefusesANearMissFile() throws {
        let current = try Checkpoint.open(path: RepositoryFiles.path("Tests/Fixtures/baseline/faster-rcnn.safetensors"))
        let tensors = try current.names.map { name in
            SafetensorsBytes.Tensor(name: name == "roi_head.bbox_head.fc_reg.bias" ? "roi_head.bbox_head.fc_reg.b" : name,
                                    shape: current.shape(of: name) ?? [], values: try current.floats(name))
        }
        let bytes = try SafetensorsBytes.make(tensors)
        let checkpoint = try bytes.withUnsafeBytes { try Checkpoint.open(bytes: $0, name: "renamed.safetensors") }
        #expect {
            _ = try ModelLoader.config(for: checkpoint)
        } throws: { error in
            let text = "\(error)"
            return text.contains("renamed.safetensors") && text.contains(ModelLayout.mmdetFasterRCNN.title)
                && text.contains("roi_head.bbox_head.fc_reg.bias") && text.contains("roi_head.bbox_head.fc_reg.b)")
        }
    }

    /// Variants follow the head: a baseline offers fc2 alone, a Double-Head model never does.
    @Test func variantsFollowTheHead() throws {
        let (baseline, _) = try Self.shapes("Tests/Fixtures/baseline/faster-rcnn.pth")
        let (doubleHead, _) = try Self.shapes("Tests/Fixtures/tiny/tiny-dh-ext-legacy.pth")
        #expect(HeadVariant.available(for: try ModelLoader.config(shapes: baseline, source: "b")) == [.fc2])
        let dh = HeadVariant.available(for: try ModelLoader.config(shapes: doubleHead, source: "dh"))
        #expect(dh == [.fc, .conv, .dh, .dhReverse, .dhExt])
        #expect(HeadVariant.preferred(among: [.fc2]) == .fc2)
        var config = try ModelLoader.config(shapes: doubleHead, source: "dh")
        #expect(throws: VariantUnavailable.self) { try HeadVariant.resolve(.fc2, for: config) }
        config = try ModelLoader.config(shapes: baseline, source: "b")
        #expect(try HeadVariant.resolve(nil, for: config) == .fc2)
        #expect(throws: VariantUnavailable.self) { try HeadVariant.resolve(.dh, for: config) }
    }

    /// torchvision's spelling before Conv2dNormActivation.
    static func olderTorchvisionName(_ name: String) -> String {
        var n = name
        for block in ["inner_blocks", "layer_blocks"] {
            for level in 0..<4 { n = n.replacingOccurrences(of: "backbone.fpn.\(block).\(level).0.", with: "backbone.fpn.\(block).\(level).") }
        }
        return n.replacingOccurrences(of: "rpn.head.conv.0.0.", with: "rpn.head.conv.")
    }
}
