/// Two sets of detections (two models) compared image by image: pycocotools' AP @[.5:.95]
/// of each image alone (`params.imgIds = [id]`, as ``DatasetEvaluation/imageAP`` computes
/// it) for both, and the images where the second beats the first most and the reverse.
///
/// Images without non-crowd ground truth have no AP (pycocotools' -1) and are left out.
public struct ImageAPComparison: Sendable, Encodable {
    /// One image's AP under both sets.
    public struct Entry: Sendable, Encodable, Equatable {
        /// The image's file name, as the ground truth lists it.
        public var file: String
        public var imageID: Int
        /// The image's AP with the first set's detections.
        public var apA: Double
        /// The image's AP with the second set's detections.
        public var apB: Double

        /// How much the second set beats the first on this image (negative: it loses).
        public var difference: Double { apB - apA }

        enum CodingKeys: String, CodingKey {
            case file, imageID = "image_id", apA = "ap_a", apB = "ap_b"
        }
    }

    /// The first set's name (`model:variant`).
    public var a: String
    /// The second set's name.
    public var b: String
    /// The images where `b` beats `a` most, largest difference first (only those it beats).
    public var bBetter: [Entry]
    /// The images where `a` beats `b` most, largest difference first.
    public var aBetter: [Entry]

    enum CodingKeys: String, CodingKey {
        case a, b, bBetter = "b_better", aBetter = "a_better"
    }

    /// Compares `a` and `b` on every image of `groundTruth`, keeping the `count` images
    /// each side wins by most. Ties keep the ground truth's image order.
    public init(a: (name: String, detections: [COCODetection]), b: (name: String, detections: [COCODetection]),
                against groundTruth: COCODataset, count: Int = 5) {
        let evaluator = COCOEvaluator(groundTruth: groundTruth)
        let apA = DatasetEvaluation.cocoPart(name: a.name, detections: a.detections, evaluator: evaluator).imageAP
        let apB = DatasetEvaluation.cocoPart(name: b.name, detections: b.detections, evaluator: evaluator).imageAP
        var entries: [Entry] = []
        for (i, image) in groundTruth.images.enumerated() {
            guard let x = apA[i], let y = apB[i] else { continue }
            entries.append(Entry(file: image.fileName, imageID: image.id, apA: x, apB: y))
        }
        self.a = a.name
        self.b = b.name
        // A stable sort keeps the ground truth's order among equal differences.
        let order = entries.indices.sorted { entries[$0].difference > entries[$1].difference || (entries[$0].difference == entries[$1].difference && $0 < $1) }
        bBetter = Array(order.map { entries[$0] }.filter { $0.difference > 0 }.prefix(count))
        let reverse = entries.indices.sorted { entries[$0].difference < entries[$1].difference || (entries[$0].difference == entries[$1].difference && $0 < $1) }
        aBetter = Array(reverse.map { entries[$0] }.filter { $0.difference < 0 }.prefix(count))
    }

    /// Both lists as text: file, both APs and the difference.
    public var text: String {
        func lines(_ title: String, _ entries: [Entry]) -> [String] {
            guard !entries.isEmpty else { return [title, "  (none)"] }
            let width = max(12, entries.map(\.file.count).max() ?? 0)
            return [title, "  " + "image".padding(width) + "A".leftPadding(9) + "B".leftPadding(9) + "B-A".leftPadding(9)]
                + entries.map {
                    "  " + $0.file.padding(width) + String(format3: $0.apA).leftPadding(9) + String(format3: $0.apB).leftPadding(9)
                        + String(format3: $0.difference).leftPadding(9)
                }
        }
        return (["Per-image AP: A = \(a), B = \(b)"]
                + lines("Where B beats A most", bBetter)
                + lines("Where A beats B most", aBetter)).joined(separator: "\n")
    }
}
