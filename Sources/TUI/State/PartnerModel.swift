import Detector
import Inspection

/// The other model of the split view (`M`): what the half beside the current model's shows,
/// and its heads run on the current model's proposals for the inspector. The browser keeps it
/// up to date; the state only reads it.
public struct PartnerModel: Sendable {
    /// Which of the browsed models it is (0-based), and its name.
    public let index: Int
    public let name: String
    public let classNames: [String]
    /// Its chosen variant and post-processing (its own, as when it is shown).
    public let variant: HeadVariant
    public let settings: PostProcessSettings
    public let regressionRoIScale: Double
    /// Its analysis of the current image, and how far it is.
    public internal(set) var status: DetectorStatus = .waiting
    public internal(set) var analysis: RawAnalysis?
    /// Its detections on the current image under its variant, all of them.
    public private(set) var detections: [Detection] = []
    /// Its heads on the current model's proposals (`inspect --proposals`): RoI i is the current
    /// model's RoI i.
    public internal(set) var heads: HeadsOnProposals = .notAsked

    /// The partner's heads on the current model's proposals.
    public enum HeadsOnProposals: Sendable {
        case notAsked
        case running
        /// Its analysis with the given proposals, and that analysis under its variant.
        case ready(RawAnalysis, VariantOutcome)
        /// Why its heads cannot take the current model's proposals, or what failed.
        case unavailable(String)
    }

    /// The partner as `state` (that model's own state) describes it, before its analysis of
    /// the image arrives.
    public init(of state: AppState) {
        index = state.modelIndex
        name = state.modelName
        classNames = state.classNames
        variant = state.variant
        settings = state.settings
        regressionRoIScale = state.regressionRoIScale
    }

    /// The name of class `label` of this model.
    public func className(_ label: Int) -> String {
        ModelConfig.className(label, names: classNames, classCount: classNames.count)
    }

    /// A detector event for the partner's analysis of the current image.
    mutating func apply(_ event: DetectorService.Event) {
        switch event {
        case .progress(let stage):
            status = .running(stage)
        case .finished(let analysis, let cached):
            status = .done(milliseconds: analysis.timings.reduce(0) { $0 + $1.milliseconds }, cached: cached)
            self.analysis = analysis
            detections = (try? PostProcessor.detections(analysis, variant: variant, settings: settings)) ?? []
        case .failed(let error):
            status = .failed("\(error)")
        case .cancelled:
            break
        }
    }

    /// Starts over for another image.
    mutating func reset() {
        status = .waiting
        analysis = nil
        detections = []
        heads = .notAsked
    }

    /// Why the partner's heads cannot run on proposals of `analysis` (the current model's, of
    /// the same image), or nil when they can: both models must resize the image alike and pool
    /// RoIs by the same convention, else the same box would not be the same input.
    public func incompatibility(with analysis: RawAnalysis, currentName: String) -> String? {
        guard let own = self.analysis else { return nil }
        if own.resizedWidth != analysis.resizedWidth || own.resizedHeight != analysis.resizedHeight {
            return "\(name) resizes this image to \(own.resizedWidth)×\(own.resizedHeight), \(currentName) to "
                + "\(analysis.resizedWidth)×\(analysis.resizedHeight): the same proposal is not the same input to both"
        }
        if own.convention != analysis.convention {
            return "\(name) follows \(own.convention.rawValue)'s inference rules, \(currentName) "
                + "\(analysis.convention.rawValue)'s (preprocessing, RoI pooling): their heads do not see a proposal alike"
        }
        return nil
    }
}
