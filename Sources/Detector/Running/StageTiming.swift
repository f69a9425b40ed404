/// How long one stage of the detector took.
public struct StageTiming: Sendable, Codable, Equatable {
    public let stage: String
    public let milliseconds: Double

    public init(stage: String, milliseconds: Double) {
        self.stage = stage
        self.milliseconds = milliseconds
    }
}
