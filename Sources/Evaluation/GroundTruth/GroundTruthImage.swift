/// The ground truth of one image, matched to image files by `fileName`.
public struct GroundTruthImage: Sendable, Equatable {
    /// The image's file name (last path component, as images are matched by it).
    public var fileName: String
    /// Size in pixels; 0 when the annotation file does not say.
    public var width: Int
    public var height: Int
    public var objects: [GroundTruthObject]

    public init(fileName: String, width: Int, height: Int, objects: [GroundTruthObject]) {
        self.fileName = fileName
        self.width = width
        self.height = height
        self.objects = objects
    }
}
