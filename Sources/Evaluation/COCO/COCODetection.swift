/// One entry of a COCO results file: a detection with the dataset's image and category ids.
public struct COCODetection: Sendable, Hashable, Codable {
    public var imageID: Int
    public var categoryID: Int
    public var bbox: COCOBox
    public var score: Double

    public init(imageID: Int, categoryID: Int, bbox: COCOBox, score: Double) {
        self.imageID = imageID
        self.categoryID = categoryID
        self.bbox = bbox
        self.score = score
    }

    enum CodingKeys: String, CodingKey {
        case imageID = "image_id", categoryID = "category_id", bbox, score
    }
}
