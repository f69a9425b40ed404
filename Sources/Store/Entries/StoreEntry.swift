import Detector

/// One image's entry in the store: what the network computed (at the store's precision, see
/// ``AnalysisCodec``) and every variant's detections under the settings they were made with.
public struct StoreEntry: Sendable {
    public var summary: StoreSummary
    /// The analysis as the store returns it: quantised scores, the kept deltas.
    public var analysis: RawAnalysis
}

/// The small front part of an entry, read without inflating the analysis: enough for the
/// dataset views (detections of every variant) and for checking the settings.
public struct StoreSummary: Sendable, Equatable {
    /// Deltas were kept for the classes scoring above this (see ``AnalysisCodec``): the
    /// lowest score threshold the entry can be post-processed at.
    public var keepThreshold: Float
    /// The settings `detections` were made with.
    public var settings: PostProcessSettings
    public var imageWidth: Int
    public var imageHeight: Int
    /// Every variant the model offers, with its detections.
    public var detections: [HeadVariant: [Detection]]

    public init(keepThreshold: Float, settings: PostProcessSettings, imageWidth: Int, imageHeight: Int,
                detections: [HeadVariant: [Detection]]) {
        self.keepThreshold = keepThreshold
        self.settings = settings
        self.imageWidth = imageWidth
        self.imageHeight = imageHeight
        self.detections = detections
    }

    /// Whether the entry's analysis can be post-processed with `settings`.
    public func canServe(_ settings: PostProcessSettings) -> Bool { settings.scoreThreshold >= keepThreshold }
}
