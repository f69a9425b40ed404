/// Where analyses outlive the process (the Store module's shelf): ``DetectorService`` asks it
/// before running the network and hands it every analysis it computes.
public protocol AnalysisArchive: Sendable {
    /// The kept analysis of the image file at `path`, if there is one for its content.
    func analysis(forImageAt path: String) -> RawAnalysis?
    /// Keeps `analysis` of the image file at `path`; returns the analysis as the archive will
    /// return it later (so what is shown now and after a restart is the same), or `analysis`
    /// itself when it could not be kept.
    func keep(_ analysis: RawAnalysis, forImageAt path: String) -> RawAnalysis
}
