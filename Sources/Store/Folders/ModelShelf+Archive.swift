import Detector

/// The shelf is the detector service's archive: the browser reads what earlier runs (and
/// `eval --images`, `store analyze`) analysed, and keeps what it analyses.
extension ModelShelf: AnalysisArchive {
    public func analysis(forImageAt path: String) -> RawAnalysis? {
        key(forImageAt: path).flatMap { entry(image: $0)?.analysis }
    }

    public func keep(_ analysis: RawAnalysis, forImageAt path: String) -> RawAnalysis {
        guard let image = key(forImageAt: path), let entry = try? save(analysis, image: image) else { return analysis }
        return entry.analysis
    }

    /// Every variant's detections of the image at `path`, if kept (reads the entry's front only).
    public func detections(forImageAt path: String) -> [HeadVariant: [Detection]]? {
        key(forImageAt: path).flatMap { summary(image: $0)?.detections }
    }
}
