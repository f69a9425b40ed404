import Detector
import Foundation

/// The store as one model sees it: entries by image file, post-processed with one set of
/// settings. An entry made with other settings is post-processed again from its analysis
/// (no network) and rewritten; one whose kept deltas cannot serve a lower score threshold
/// counts as missing.
public struct ModelShelf: Sendable {
    public let store: AnalysisStore
    /// The SHA-256 of the model file.
    public let model: String
    public let settings: PostProcessSettings

    /// The shelf of the model file at `modelPath` (hashed once, then remembered).
    public init(store: AnalysisStore, modelPath: String, classNames: [String], settings: PostProcessSettings) throws(StoreError) {
        self.store = store
        model = try store.digests.digest(ofFileAt: modelPath)
        self.settings = settings
        store.describeModel(model, file: modelPath, classNames: classNames)
    }

    /// The shelf of a model known by its digest.
    public init(store: AnalysisStore, model: String, settings: PostProcessSettings) {
        self.store = store
        self.model = model
        self.settings = settings
    }

    /// The image digest of a file (nil when it cannot be read: the caller's decoder then
    /// reports the problem).
    public func key(forImageAt path: String) -> String? { try? store.digests.digest(ofFileAt: path) }

    /// The detections of every variant for the image with digest `image`, if stored.
    public func summary(image: String) -> StoreSummary? {
        guard let summary = store.summary(model: model, image: image), summary.canServe(settings) else { return nil }
        if summary.settings == settings { return summary }
        return entry(image: image)?.summary
    }

    /// The whole entry for the image with digest `image`, if stored.
    public func entry(image: String) -> StoreEntry? {
        guard let entry = store.entry(model: model, image: image), entry.summary.canServe(settings) else { return nil }
        if entry.summary.settings == settings { return entry }
        let (bytes, updated) = EntryCodec.reencode(entry, settings: settings)
        try? store.write(bytes, model: model, image: image)
        return updated
    }

    /// Keeps `analysis` of the image with digest `image`; returns the entry as the store
    /// will return it.
    @discardableResult
    public func save(_ analysis: RawAnalysis, image: String) throws(StoreError) -> StoreEntry {
        let (bytes, entry) = EntryCodec.encode(analysis, settings: settings)
        try store.write(bytes, model: model, image: image)
        return entry
    }
}
