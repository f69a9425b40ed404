/// One ground-truth object of a COCO annotation file.
public struct COCOAnnotation: Sendable, Hashable {
    /// The annotation id. pycocotools records a match as the matched annotation's id, so a
    /// match to id 0 reads as "unmatched"; `COCOEvaluator` reproduces that (see its notes).
    public var id: Int
    public var imageID: Int
    public var categoryID: Int
    public var bbox: COCOBox
    /// The annotation's "area" field (the segmentation's area in COCO, not `bbox.area`):
    /// pycocotools tests the area ranges (small, medium, large) against this.
    public var area: Double
    /// Crowd regions are ignored: detections on them count neither way.
    public var isCrowd: Bool

    public init(id: Int, imageID: Int, categoryID: Int, bbox: COCOBox, area: Double? = nil, isCrowd: Bool = false) {
        self.id = id
        self.imageID = imageID
        self.categoryID = categoryID
        self.bbox = bbox
        self.area = area ?? bbox.area
        self.isCrowd = isCrowd
    }
}
