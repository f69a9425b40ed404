import Detector
import Imaging

/// One file of a dataset run as the loading stage hands it to the network: what the store
/// holds for it, or its prepared pixels, or why it cannot be read. Made on the prefetching
/// queue, used on the run's.
public enum LoadedImage: Sendable {
    /// The store holds its detections.
    case stored(StoreSummary)
    /// Decoded and prepared; `key` is its store digest.
    case prepared(PreparedInput, key: String?)
    /// It could not be read or decoded: the decoder's message, which names the file.
    case unreadable(String)
    /// The run was cancelled before it was decoded.
    case cancelled

    /// Reads `path`: its detections from `shelf` when it holds them (those of `variant`, when
    /// given), else the decoded and prepared image (nothing once `isCancelled`).
    public static func load(_ path: String, detector: DoubleHeadDetector, shelf: ModelShelf?, variant: HeadVariant? = nil,
                            isCancelled: () -> Bool = { false }) -> LoadedImage {
        let key = shelf?.key(forImageAt: path)
        if let shelf, let key, let stored = shelf.summary(image: key), variant.map({ stored.detections[$0] != nil }) ?? true {
            return .stored(stored)
        }
        // Decoding is skipped once cancelled: the result is dropped anyway.
        if isCancelled() { return .cancelled }
        do {
            return .prepared(detector.prepare(try ImageDecoder().decodeRGB(contentsOf: path)), key: key)
        } catch {
            return .unreadable("\(error)")
        }
    }
}
