import Detector
import Evaluation
import Reporting

/// One image's RoIs as `dhscope inspect --json` writes them: the image, the model's classes
/// and variants, the stage timings and one ``RoIReport`` per RoI.
public struct InspectionReport: Sendable, Encodable {
    public var image: String
    /// The checkpoint analysed (its path), when known.
    @OrNull public var model: String?
    public var width: Int
    public var height: Int
    /// Resized over original size, x and y.
    @FiniteOrNull public var scale: [Double]?
    public var classes: [String]
    public var variants: [String]
    public var timings: [StageTiming]
    public var rois: [RoIReport]
    /// How many RoIs the image has (``rois`` may hold a selection); not written.
    public var roiCount: Int

    /// The report of `indices` (every RoI when nil) of `analysis`, each with what `outcome`
    /// made of it. `image` is the path the report names.
    public init(image: String, analysis: RawAnalysis, outcome: VariantOutcome, config: ModelConfig, indices: [Int]? = nil) {
        self.image = image
        width = analysis.imageWidth
        height = analysis.imageHeight
        scale = [analysis.scaleX, analysis.scaleY]
        classes = config.classNames
        variants = analysis.availableVariants.map(\.rawValue)
        timings = analysis.timings
        roiCount = analysis.roiCount
        let names = (0..<config.numClasses).map { config.className($0) }
        rois = (indices ?? Array(0..<analysis.roiCount)).map { roi in
            RoIReport(analysis, index: roi, variant: outcome.variant,
                      record: RoIRecord(analysis: analysis, outcome: outcome, roi: roi, classNames: names,
                                        regressionRoIScale: config.regressionRoIScale))
        }
    }

    /// The report as `dhscope inspect` prints it.
    public var text: String {
        ([ "\(image): \(roiCount) RoIs, variants \(variants.joined(separator: " "))" ]
            + rois.map { $0.text(classNames: classes) }).joined(separator: "\n")
    }

    enum CodingKeys: String, CodingKey { case image, model, width, height, scale, classes, variants, timings, rois }
}
