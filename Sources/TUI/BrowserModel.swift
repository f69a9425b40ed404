import Detector

/// One model of a browser that shows several (`browse --model A --model B`), kept while
/// another is shown: its state, its detector service (and store shelf) and its background
/// analysis of the dataset, which goes on meanwhile.
struct BrowserModel {
    var state: AppState
    let service: DetectorService
    let knownDetections: @Sendable (Int) -> DatasetAnalysisLoop.Detections?
    let didAnalyse: @Sendable (Int, DatasetAnalysisLoop.Detections) -> Void
    var datasetLoop: DatasetAnalysisLoop?
    var reviewSchedule: ReviewSchedule
}
