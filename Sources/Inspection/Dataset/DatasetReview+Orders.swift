import Detector
import Evaluation

extension DatasetReview {
    /// The list's image indices in `order` for `variant` (``ImageOrder``): every image once.
    /// `.variantDifference` compares `variant` with `other` by
    /// ``averagePrecisionDifference(ofImage:variant:minus:)``, largest first: the images where
    /// `variant` beats `other` most lead, those where it loses most come last (before the
    /// images without both APs); without `other` (or when a variant was not reviewed) the
    /// images it cannot rank keep file order.
    public func imageOrder(_ order: ImageOrder, variant: HeadVariant, comparedWith other: HeadVariant? = nil) -> [Int] {
        let all = Array(0..<imageCount)
        guard order != .file, let review = self[variant] else { return all }
        // Ascending keys first (ties in file order), then the images without one.
        func sorted(by key: (Int) -> Double?) -> [Int] {
            var keyed: [(key: Double, image: Int)] = []
            var rest: [Int] = []
            for image in all {
                if let value = key(image) { keyed.append((value, image)) } else { rest.append(image) }
            }
            keyed.sort { $0.key != $1.key ? $0.key < $1.key : $0.image < $1.image }
            return keyed.map(\.image) + rest
        }
        switch order {
        case .file:
            return all
        case .mostErrors:
            return sorted { review.counts(ofImage: $0).map { -Double($0.errors) } }
        case .lowestAP:
            return sorted { review.averagePrecision(ofImage: $0) }
        case .variantDifference:
            guard let other else { return all }
            return sorted { image in
                averagePrecisionDifference(ofImage: image, variant: variant, minus: other).map { -$0 }
            }
        }
    }

    /// Image `index`'s AP under `variant` minus its AP under `other` (positive: `variant` does
    /// better there, "dh-ext fixes what fc gets wrong"); nil unless both have an AP.
    public func averagePrecisionDifference(ofImage index: Int, variant: HeadVariant, minus other: HeadVariant) -> Double? {
        guard let a = self[variant]?.averagePrecision(ofImage: index),
              let b = self[other]?.averagePrecision(ofImage: index) else { return nil }
        return a - b
    }

    /// A navigator over `variant`'s errors (or items of `kind`) in `order` (``ErrorNavigator``);
    /// nil when `variant` was not reviewed.
    public func errorNavigator(variant: HeadVariant, order: ImageOrder, comparedWith other: HeadVariant? = nil,
                               kind: DetectionLabel.Kind? = nil) -> ErrorNavigator? {
        self[variant].map { ErrorNavigator(review: $0, order: imageOrder(order, variant: variant, comparedWith: other), kind: kind) }
    }
}
