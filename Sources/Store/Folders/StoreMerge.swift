import Foundation

/// Joins stores (`dhscope store merge A B ... --into C`): every entry of the sources that
/// the destination lacks is checked (both CRC-32s, a full decode) and copied; entries the
/// destination has are kept (they are the same analysis of the same bytes); damaged source
/// entries are reported and skipped. The sources are only read.
public struct StoreMerge: Sendable {
    /// What a merge did.
    public struct Report: Sendable, Equatable {
        public var copied = 0
        public var alreadyPresent = 0
        /// One line per damaged source entry ("path: reason").
        public var damaged: [String] = []
        public var models: Set<String> = []

        public init() {}

        public var text: String {
            var line = "\(copied) entries copied, \(alreadyPresent) already there, \(models.count) model(s)"
            if !damaged.isEmpty { line += ", \(damaged.count) damaged entries skipped" }
            return line
        }
    }

    public let destination: AnalysisStore

    public init(into destination: AnalysisStore) {
        self.destination = destination
    }

    /// Copies what `source` has and the destination lacks.
    public func merge(_ source: AnalysisStore, report: inout Report) throws(StoreError) {
        // Remembered digests travel too: valid wherever the same files (path, size, time,
        // inode) are seen, as on the shared file system of a cluster; ignored elsewhere.
        destination.digests.absorb(contentsOf: source.digests)
        for model in source.models() {
            report.models.insert(model)
            if let description = source.modelDescription(model) {
                destination.describeModel(model, file: description.file, classNames: description.classes)
            }
            for image in source.images(model: model) {
                let target = destination.entryPath(model: model, image: image)
                if FileManager.default.fileExists(atPath: target) {
                    report.alreadyPresent += 1
                    continue
                }
                let path = source.entryPath(model: model, image: image)
                guard let bytes = AnalysisStore.read(path, count: nil) else {
                    report.damaged.append("\(path): cannot be read")
                    continue
                }
                do {
                    _ = try EntryCodec.decode(bytes)
                } catch {
                    report.damaged.append("\(path): \(error)")
                    continue
                }
                try destination.write(bytes, model: model, image: image)
                report.copied += 1
            }
        }
    }
}
