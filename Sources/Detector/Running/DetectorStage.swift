/// The stages of one analysis, in order, for progress reports.
public enum DetectorStage: String, CaseIterable, Sendable {
    case preprocess, backbone, neck, rpn, proposals, roiAlign = "roi-align", fcHead = "fc-head", convHead = "conv-head"

    /// Position in the pipeline (0-based) and the total, for progress bars.
    public var ordinal: Int { Self.allCases.firstIndex(of: self) ?? 0 }
}
