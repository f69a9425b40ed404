/// What fills each cell of a ``ConfusionMatrix`` (mmdetection's, the same rules): the
/// detections that added one to it (indices into the detections) and, in the background
/// column, the ground-truth boxes no same-class detection found (annotation indices).
///
/// A detection is a member once per box it overlaps, so a cell's count is its number of
/// members. Members are in the order they were counted: images in the ground truth's order,
/// each image's detections in their order (the boxes they overlap in the annotations' order),
/// then its missed boxes in the annotations' order.
public struct ConfusionMembers: Sendable, Equatable {
    /// Rows and columns: the ground truth's categories in its order, then background.
    public let size: Int
    /// Where each cell's members start in `members` (row-major), `size * size + 1` entries.
    private let starts: [Int]
    private let members: [Int]

    /// Counts `detections` against `groundTruth` by ``ConfusionMatrix``'s rules, keeping what
    /// fills each cell.
    public init(groundTruth: COCODataset, detections: [COCODetection], scoreThreshold: Double = 0.3, iouThreshold: Double = 0.5) {
        let background = groundTruth.categories.count
        size = background + 1
        let index = IDTable(ids: groundTruth.categories.map(\.id))
        let positions = TIDERun.imagePositions(of: groundTruth)
        let imageCount = positions.count
        let boxes = IndexBuckets(bucketCount: imageCount, keys: groundTruth.annotations.map {
            !$0.isCrowd && index[$0.categoryID] != nil ? positions.position($0.imageID) : -1
        })
        let counted = IndexBuckets(bucketCount: imageCount, keys: detections.map {
            $0.score >= scoreThreshold && index[$0.categoryID] != nil ? positions.position($0.imageID) : -1
        })
        // (cell, member) in counting order, then grouped by cell keeping that order.
        var cells: [Int] = []
        var entries: [Int] = []
        var found: [Int] = []
        var boxRows: [Int] = []
        for m in 0..<imageCount {
            let imageBoxes = boxes[m]
            boxRows.removeAll(keepingCapacity: true)
            for g in imageBoxes { boxRows.append(index[groundTruth.annotations[g].categoryID] ?? background) }
            found.removeAll(keepingCapacity: true)
            found.append(contentsOf: repeatElement(0, count: imageBoxes.count))
            for i in counted[m] {
                let detection = detections[i]
                let predicted = index[detection.categoryID] ?? background
                var overlaps = 0
                for (j, g) in imageBoxes.enumerated() {
                    let box = groundTruth.annotations[g]
                    guard detection.bbox.iou(box.bbox) >= iouThreshold else { continue }
                    overlaps += 1
                    if box.categoryID == detection.categoryID { found[j] += 1 }
                    cells.append(boxRows[j] * size + predicted)
                    entries.append(i)
                }
                if overlaps == 0 {
                    cells.append(background * size + predicted)
                    entries.append(i)
                }
            }
            for (j, g) in imageBoxes.enumerated() where found[j] == 0 {
                cells.append(boxRows[j] * size + background)
                entries.append(g)
            }
        }
        let grouped = IndexBuckets(bucketCount: size * size, keys: cells)
        starts = (0...(size * size)).map { grouped.start(of: $0) }
        members = grouped.items.map { entries[$0] }
    }

    /// The number of members of the cell: the matrix's count there.
    public func count(row: Int, column: Int) -> Int {
        guard contains(row: row, column: column) else { return 0 }
        let cell = row * size + column
        return starts[cell + 1] - starts[cell]
    }

    /// The detections (indices) counted in the cell; none in the background column.
    public func detections(row: Int, column: Int) -> ArraySlice<Int> {
        guard column != size - 1 else { return [] }
        return cell(row: row, column: column)
    }

    /// The ground-truth boxes (annotation indices) of row `row`'s class that no same-class
    /// detection found: the members of the row's background cell.
    public func missedAnnotations(row: Int) -> ArraySlice<Int> {
        cell(row: row, column: size - 1)
    }

    /// The counts as `ConfusionMatrix.matrix` holds them.
    public var counts: [[Int]] {
        (0..<size).map { r in (0..<size).map { count(row: r, column: $0) } }
    }

    private func contains(row: Int, column: Int) -> Bool {
        row >= 0 && row < size && column >= 0 && column < size
    }

    private func cell(row: Int, column: Int) -> ArraySlice<Int> {
        guard contains(row: row, column: column) else { return [] }
        let cell = row * size + column
        return members[starts[cell]..<starts[cell + 1]]
    }
}
