import Compute
import Foundation

/// How a detector pools its RoIs from P2..P5, by its convention.
///
/// mmdetection's SingleRoIExtractor: level `floor(log2(sqrt(area) / 56 + 1e-6))`, RoIAlign
/// aligned (half-pixel shift) with adaptive sampling, spatial scale 1 / stride. torchvision's
/// MultiScaleRoIAlign: its LevelMapper (canonical scale 224 at level 4), RoIAlign not aligned
/// with 2 x 2 samples per bin, spatial scales inferred as it does, `2^round(log2(map height /
/// resized image height))`, and the levels between.
struct RoIPooling: Sendable {
    /// torchvision's MultiScaleRoIAlign: samples per bin side, and its LevelMapper's canonical
    /// box size and level.
    static let torchvisionSamplingRatio = 2
    static let torchvisionCanonicalScale: Float = 224
    static let torchvisionCanonicalLevel: Float = 4

    let convention: DetectionConvention
    let spatialScales: [Float]
    let outputSize: Int
    let finestScale: Float
    /// torchvision: the FPN level (2 for P2) of the first and last map.
    let minLevel: Int
    let maxLevel: Int
    /// The pyramid in the order RoIAlign reads it, made once for all of an image's RoIs.
    let features: ChannelsLastPyramid

    /// Takes the pyramid's maps, releasing each once it is in channels-last order (see
    /// ``ChannelsLastPyramid/init(taking:)``); they are left `[0]`.
    init(config: ModelConfig, taking pyramid: inout [Tensor], resizedHeight: Int) {
        convention = config.convention
        outputSize = config.roiSize
        finestScale = Float(config.roiFinestScale)
        switch config.convention {
        case .mmdetection:
            spatialScales = config.anchorStrides.prefix(pyramid.count).map { 1 / Float($0) }
            minLevel = 2
            maxLevel = 1 + pyramid.count
        case .torchvision:
            let scales = pyramid.map { map -> Float in
                let approximate = Float(Double(map.shape[2]) / Double(max(1, resizedHeight)))
                return Float(pow(2, Double(log2f(approximate).rounded(.toNearestOrEven))))
            }
            spatialScales = scales
            minLevel = Int(-log2f(scales.first ?? 0.25))
            maxLevel = Int(-log2f(scales.last ?? 0.03125))
        }
        features = ChannelsLastPyramid(taking: &pyramid)
    }

    /// The level (0 = the first map) each RoI is pooled from.
    func levels(of rois: [Box]) -> [Int] {
        switch convention {
        case .mmdetection: return roiLevels(rois: rois, finestScale: finestScale, levelCount: spatialScales.count)
        case .torchvision:
            return canonicalRoILevels(rois: rois, canonicalScale: Self.torchvisionCanonicalScale,
                                      canonicalLevel: Self.torchvisionCanonicalLevel, minLevel: minLevel, maxLevel: maxLevel)
        }
    }

    /// RoIAlign of `rois` from their `levels` of the pyramid: [N, C, s, s] (or channel-major).
    func callAsFunction(rois: [Box], levels: [Int], layout: TensorLayout = .nchw) -> Tensor {
        let torchvision = convention == .torchvision
        return roiAlign(pyramid: features, rois: rois, levels: levels, spatialScales: spatialScales, outputSize: outputSize,
                        samplingRatio: torchvision ? Self.torchvisionSamplingRatio : 0, aligned: !torchvision, layout: layout)
    }
}
