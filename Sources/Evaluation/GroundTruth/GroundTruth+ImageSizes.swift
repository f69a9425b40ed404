import Foundation

extension GroundTruth {
    /// Loads ground truth for the images at `imagePaths`, as ``load(contentsOf:classNames:imageSizes:)``
    /// does; for a folder of YOLO labels, `imageSize` reads the size of each image that has a
    /// label file (an image it cannot read keeps its labels out).
    public static func load(
        contentsOf path: String, forImages imagePaths: [String],
        imageSize: (_ imagePath: String) -> (width: Int, height: Int)?
    ) throws(EvaluationError) -> GroundTruth {
        guard isYOLOFolder(path) else { return try load(contentsOf: path) }
        let labelFiles = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        let labelled = Set(labelFiles.filter { $0.lowercased().hasSuffix(".txt") }.map { ($0 as NSString).deletingPathExtension })
        var sizes: [String: (width: Int, height: Int)] = [:]
        for image in imagePaths {
            let name = (image as NSString).lastPathComponent
            guard labelled.contains((name as NSString).deletingPathExtension), let size = imageSize(image) else { continue }
            sizes[name] = size
        }
        return try load(contentsOf: path, imageSizes: sizes)
    }
}
