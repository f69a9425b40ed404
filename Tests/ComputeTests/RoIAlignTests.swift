import Compute
import Testing

private struct RoIAlignFixture: Decodable {
    struct Case: Decodable {
        var spatial_scale: Float
        var sampling_ratio: Int
        var aligned: Bool
        var output_size: Int?
        var output: StoredTensor
    }
    struct Single: Decodable {
        var feature: StoredTensor
        var rois: [[Float]]
        var cases: [Case]
    }
    struct Multi: Decodable {
        var features: [StoredTensor]
        var rois: [Float]
        var levels: [Int]
        var strides: [Int]
        var output: StoredTensor
        var output_enlarged: StoredTensor
        var enlarged_rois: [Float]
    }
    var single: Single
    var multi: Multi
}

@Suite struct RoIAlignTests {
    @Test func matchesTorchvision() throws {
        let f = try loadFixture("roi_align.json", as: RoIAlignFixture.self).single
        let rois = f.rois.compactMap(Box.init)
        #expect(rois.count == f.rois.count)
        for c in f.cases {
            let y = roiAlign(feature: f.feature.tensor, rois: rois, spatialScale: c.spatial_scale,
                             outputSize: c.output_size ?? 7, samplingRatio: c.sampling_ratio, aligned: c.aligned)
            let label = "scale \(c.spatial_scale) ratio \(c.sampling_ratio) aligned \(c.aligned)"
            #expect(y.shape == c.output.shape, "\(label)")
            expectClose(y.storage, c.output.values, rtol: 1e-5, atol: 1e-5, label)
        }
    }

    @Test func channelMajorLayoutIsTheTransposedResult() throws {
        let f = try loadFixture("roi_align.json", as: RoIAlignFixture.self).single
        let rois = f.rois.compactMap(Box.init)
        let nchw = roiAlign(feature: f.feature.tensor, rois: rois, spatialScale: 0.25)
        let cm = roiAlign(feature: f.feature.tensor, rois: rois, spatialScale: 0.25, layout: .channelMajor)
        #expect(cm.shape == [4, rois.count, 7, 7])
        #expect(cm.swappingFirstTwoDimensions() == nchw)
    }

    @Test func multiLevelMatchesReferenceExtractor() throws {
        let m = try loadFixture("roi_align.json", as: RoIAlignFixture.self).multi
        let rois = boxes(m.rois)
        let levels = roiLevels(rois: rois)
        #expect(levels == m.levels)
        let features = m.features.map(\.tensor)
        let scales = m.strides.map { 1 / Float($0) }
        let y = roiAlign(features: features, rois: rois, levels: levels, spatialScales: scales)
        #expect(y.shape == m.output.shape)
        expectClose(y.storage, m.output.values, rtol: 1e-5, atol: 1e-5, "original rois")
        let enlarged = rois.map { $0.scaled(by: 1.3) }
        expectClose(flat(enlarged), m.enlarged_rois, rtol: 1e-6, atol: 1e-4, "enlarged boxes")
        let z = roiAlign(features: features, rois: enlarged, levels: levels, spatialScales: scales)
        expectClose(z.storage, m.output_enlarged.values, rtol: 1e-5, atol: 1e-5, "enlarged rois")
    }

    @Test func aTakenPyramidIsReleasedAndPoolsTheSame() throws {
        let m = try loadFixture("roi_align.json", as: RoIAlignFixture.self).multi
        let rois = boxes(m.rois)
        var features = m.features.map(\.tensor)
        let pyramid = ChannelsLastPyramid(taking: &features)
        // The detector relies on this to hold the pyramid in one layout only.
        #expect(features.allSatisfy { $0.shape == [0] }, "\(features.map(\.shape))")
        let y = roiAlign(pyramid: pyramid, rois: rois, levels: m.levels, spatialScales: m.strides.map { 1 / Float($0) })
        expectClose(y.storage, m.output.values, rtol: 1e-5, atol: 1e-5, "taken pyramid")
    }

    @Test func handComputedTwoByTwo() {
        // Feature [[1, 2], [3, 4]]; aligned RoI [0.5, 2.5]^2 maps to [0, 2]^2: bins of 1 pixel,
        // one sample each at 0.5 / 1.5; 1.5 clamps to the last row/column.
        let feature = Tensor(shape: [1, 1, 2, 2], storage: [1, 2, 3, 4])
        let roi = Box(x1: 0.5, y1: 0.5, x2: 2.5, y2: 2.5)
        let y = roiAlign(feature: feature, rois: [roi], spatialScale: 1, outputSize: 2)
        #expect(y.storage == [2.5, 3, 3.5, 4])
        let whole = roiAlign(feature: feature, rois: [Box(x1: 0.5, y1: 0.5, x2: 1.5, y2: 1.5)],
                             spatialScale: 1, outputSize: 1)
        #expect(whole.storage == [2.5])
        // Entirely beyond y > H + 1: every sample is zero.
        let outside = roiAlign(feature: feature, rois: [Box(x1: 10, y1: 10, x2: 12, y2: 12)],
                               spatialScale: 1, outputSize: 1)
        #expect(outside.storage == [0])
    }

    @Test func levelBoundaries() {
        func box(_ side: Float) -> Box { Box(x1: 0, y1: 0, x2: side, y2: side) }
        #expect(roiLevels(rois: [box(10), box(111), box(112), box(223), box(224), box(448), box(2000)])
                == [0, 0, 1, 1, 2, 3, 3])
        #expect(roiLevels(rois: [Box(x1: 5, y1: 5, x2: 4, y2: 9)]) == [0])
    }
}
