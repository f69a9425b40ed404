/// Settings of the second-stage post-processing.
public struct PostProcessSettings: Sendable, Equatable {
    public var scoreThreshold: Float
    public var nmsIoU: Double
    public var maxPerImage: Int

    public init(scoreThreshold: Float = 0.05, nmsIoU: Double = 0.5, maxPerImage: Int = 100) {
        self.scoreThreshold = scoreThreshold
        self.nmsIoU = nmsIoU
        self.maxPerImage = maxPerImage
    }

    public init(config: ModelConfig) {
        self.init(scoreThreshold: Float(config.scoreThreshold), nmsIoU: config.rcnnNmsIoU, maxPerImage: config.maxPerImage)
    }
}
