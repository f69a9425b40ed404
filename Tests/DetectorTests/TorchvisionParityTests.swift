import Checkpoints
import Compute
import Foundation
import Imaging
import TestSupport
import Testing
@testable import Detector

/// torchvision's Faster R-CNN v1 and v2 against torchvision itself: its modules with seeded
/// weights, saved by torch.save and run in eval mode (Tests/Fixtures/torchvision, written by
/// Tools/fixtures/make_torchvision_fixtures.py).
@Suite(.serialized)
struct TorchvisionParityTests {
    static let folder = "Tests/Fixtures/torchvision"

    /// v1 was built with torchvision's default sizes, which the checkpoint alone must give;
    /// v2 with min_size 320 and max_size 480, given to dhscope as its test scale.
    @Test(arguments: [("v1", ModelLayout.torchvisionFasterRCNN), ("v2", .torchvisionFasterRCNNv2)])
    func matchesTorchvision(_ name: String, _ layout: ModelLayout) throws {
        let reference = try TorchvisionFixture.load("\(Self.folder)/\(name)-reference.json")
        let checkpoint = try Checkpoint.open(path: RepositoryFiles.path("\(Self.folder)/\(name).pth"))
        var config = try ModelLoader.config(for: checkpoint)
        #expect(config.layout == layout)
        #expect(HeadVariant.available(for: config) == [.fc2])
        #expect(config.numClasses == reference.num_classes)
        let scale = [reference.settings.max_size, reference.settings.min_size[0]]
        #expect(name != "v1" || config.testScale == scale, "torchvision's default sizes")
        config.testScale = scale
        let detector = try DoubleHeadDetector(config: config, weights: checkpoint)
        let image = try ImageDecoder().decodeRGB(contentsOf: RepositoryFiles.path(reference.image))

        // The RPN's proposals, as a set, on the image torchvision's transform made.
        let own = try detector.analyze(image)
        #expect([own.resizedHeight, own.resizedWidth] == reference.img_shape)
        #expect(own.roiCount == reference.proposals.boxes.count)
        let proposals = ProposalComparison(own, boxes: reference.proposals.boxes, objectness: reference.proposals.objectness)
        #expect(proposals.unmatched == 0, "\(name): \(proposals.unmatched) of torchvision's proposals not reproduced")
        #expect(proposals.misordered == 0, "\(name): \(proposals.misordered) proposals out of order without a tie")

        // The box head on exactly torchvision's proposals, as computed and as the store returns it.
        let analysis = try detector.analyze(image, givenProposals: reference.proposals.boxes.compactMap { Box($0) })
        #expect(analysis.convention == .torchvision && analysis.availableVariants == [.fc2])
        let settings = PostProcessSettings(config: config)
        let worst = try compare(analysis, kept: nil, with: reference, settings: settings, name)
        let stored = try StoreRoundTrip(analysis, settings: settings)
        #expect(stored.analysis.convention == .torchvision)
        _ = try compare(stored.analysis, kept: stored.kept, with: reference, settings: settings, "\(name) (stored)")
        print("torchvision parity \(name): proposals \(proposals.worstBox) px, objectness \(proposals.worstObjectness); \(worst)")
    }

    /// Scores (torchvision's background moved last) and deltas (its background deltas dropped)
    /// within 1e-4, the deltas of the `kept` classes only when given; every detection of
    /// torchvision's within 1e-4 in score and 1e-2 px, from one of the proposals it can have
    /// come from, with dhscope's label one below torchvision's.
    private func compare(_ analysis: RawAnalysis, kept: [[Int]]?, with reference: TorchvisionFixture,
                         settings: PostProcessSettings, _ name: String) throws -> ParityWorst {
        var worst = ParityWorst()
        for (j, i) in reference.rois.indices.enumerated() {
            #expect(analysis.roiLevels[i] == reference.rois.roi_level[j], "\(name): RoI \(i) level")
            let scores = reference.rois.class_scores[j]
            worst.scores = max(worst.scores, maxDifference(analysis.fcScores(roi: i), Array(scores.dropFirst()) + [scores[0]]))
            worst.deltas = max(worst.deltas, keptDifference(try #require(analysis.fcDeltas(roi: i)),
                                                            Array(reference.rois.box_regression[j].dropFirst(4)), kept: kept?[i]))
        }
        #expect(worst.scores <= 1e-4 && worst.deltas <= 1e-4, "\(name): \(worst)")

        let expected = try #require(reference.detections["torchvision"])
        let got = try PostProcessor.detections(analysis, variant: .fc2, settings: settings)
        #expect(got.count == expected.count, "\(name): \(got.count) vs \(expected.count) detections")
        var unmatched = 0
        for e in expected {
            guard let twin = got.first(where: { $0.label == e.label - 1 && e.rois.contains($0.roi) }) else { unmatched += 1; continue }
            worst.detectionScores = max(worst.detectionScores, abs(twin.score - e.score))
            worst.detectionBoxes = max(worst.detectionBoxes, maxDifference(twin.box.values, e.box))
        }
        #expect(unmatched == 0, "\(name): \(unmatched) of torchvision's detections without a twin")
        #expect(worst.detectionScores <= 1e-4 && worst.detectionBoxes <= 1e-2, "\(name): \(worst)")
        return worst
    }

    /// A torchvision checkpoint alone (the full-size models' names and shapes) gives the
    /// settings torchvision's constructors give its models, read off those models.
    @Test(arguments: ["v1", "v2"])
    func defaultsAreTorchvisions(_ name: String) throws {
        let layouts = try TorchvisionLayouts.load()
        let model = name == "v1" ? layouts.v1 : layouts.v2
        let (shapes, order) = model.shapes
        let config = try ModelLoader.config(shapes: shapes, order: order, source: "fasterrcnn_resnet50_fpn \(name)")
        let s = model.settings
        #expect(config.layout == (name == "v1" ? .torchvisionFasterRCNN : .torchvisionFasterRCNNv2))
        #expect(config.testScale == [s.max_size, s.min_size[0]])
        #expect(config.mean == s.image_mean && config.std == s.image_std && config.sizeDivisor == s.size_divisible)
        #expect(s.anchor_sizes == config.anchorStrides.map { [Double($0) * config.anchorScales[0]] })
        #expect(s.aspect_ratios.allSatisfy { $0 == config.anchorRatios })
        #expect(config.rpnNmsPre == s.rpn_pre_nms_top_n_test && config.rpnMaxPerImage == s.rpn_post_nms_top_n_test)
        #expect(config.rpnNmsIoU == s.rpn_nms_thresh)
        #expect(Double(ProposalGenerator.torchvisionScoreThreshold) == s.rpn_score_thresh)
        #expect(ProposalGenerator.torchvisionMinimumSize == Float(s.rpn_min_size))
        #expect(ProposalGenerator(config: config).torchvisionCoder.weights == SIMD4(s.rpn_box_coder_weights.map(Float.init)))
        #expect(TorchvisionBoxCoder.defaultClip == Float(s.box_coder_clip))
        #expect(s.roi_featmap_names.count == 4 && s.roi_output_size == [config.roiSize, config.roiSize])
        #expect(RoIPooling.torchvisionSamplingRatio == s.roi_sampling_ratio)
        #expect(Double(RoIPooling.torchvisionCanonicalScale) == s.roi_canonical_scale)
        #expect(Double(RoIPooling.torchvisionCanonicalLevel) == s.roi_canonical_level)
        let coder = HeadBoxCoder(convention: config.convention, stds: config.rcnnTargetStds.map(Float.init),
                                 means: config.rcnnTargetMeans.map(Float.init))
        #expect(coder == .torchvision(TorchvisionBoxCoder(weights: SIMD4(s.box_coder_weights.map(Float.init)))))
        #expect(Double(config.scoreThreshold) == s.box_score_thresh && config.rcnnNmsIoU == s.box_nms_thresh)
        #expect(config.maxPerImage == s.box_detections_per_img)
        #expect(config.numClasses + 1 == s.num_classes)
        #expect(config.classNames == Array(model.categories.dropFirst()))
        // The full-size architecture, read off the shapes.
        #expect(config.depth == 50 && config.baseWidth == 64 && config.fpnChannels == 256 && config.fcOutChannels == 1024)
        if name == "v1" {
            #expect(config.numConvs == 0 && config.numFcs == 2 && config.rpnConvs == 1)
        } else {
            #expect(config.numConvs == 4 && config.convOutChannels == 256 && config.numFcs == 1 && config.rpnConvs == 2)
        }
    }
}
