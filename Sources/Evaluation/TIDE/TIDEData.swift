/// What a TIDE run reads, prepared once and shared by the runs over the same data (the
/// whole-dataset run and the per-class run): dense classes, each image's annotations and
/// detections, and the scores in one compact array.
struct TIDEData: Sendable {
    let groundTruth: COCODataset
    let detections: [COCODetection]
    /// Each detection's score (read far more often than its box).
    let scores: [Double]
    /// Category id of each dense class (the categories of the ground truth, its annotations
    /// and the detections, in that order of first occurrence).
    let categories: [Int]
    let classOfCategory: IDTable
    /// The dense class of each detection and annotation.
    let detectionClass: [Int32]
    let annotationClass: [Int32]
    /// The ground truth's images (first occurrence of each id, in its order), and each one's
    /// annotations and detections, ascending.
    let imagePositions: IDTable
    let annotationsByImage: IndexBuckets
    let detectionsByImage: IndexBuckets

    init(groundTruth: COCODataset, detections: [COCODetection]) {
        self.groundTruth = groundTruth
        self.detections = detections
        scores = detections.map(\.score)
        let ids = groundTruth.categories.map(\.id) + groundTruth.annotations.map(\.categoryID) + detections.map(\.categoryID)
        let table = IDTable(ids: ids)
        classOfCategory = table
        var categories = [Int](repeating: 0, count: table.count)
        for id in ids { categories[table.position(id)] = id }
        self.categories = categories
        detectionClass = detections.map { Int32(table.position($0.categoryID)) }
        annotationClass = groundTruth.annotations.map { Int32(table.position($0.categoryID)) }
        let positions = IDTable(ids: groundTruth.images.map(\.id))
        imagePositions = positions
        annotationsByImage = IndexBuckets(bucketCount: positions.count, keys: groundTruth.annotations.map { positions.position($0.imageID) })
        detectionsByImage = IndexBuckets(bucketCount: positions.count, keys: detections.map { positions.position($0.imageID) })
    }

    /// The number of dense classes.
    var classCount: Int { categories.count }

    /// The number of images.
    var imageCount: Int { imagePositions.count }

    /// Detection indices by descending score, then image position, then index: the order in
    /// which TIDE's stable sorts put any class's data points (detections of images the ground
    /// truth lacks are left out: TIDE never looks at them).
    func scoreOrder() -> [Int32] {
        scores.withUnsafeBufferPointer { scores in
            RadixSort.sorted(detectionsByImage.items.map { Int32($0) }) { RadixSort.descendingKey(scores[Int($0)]) }
        }
    }
}
