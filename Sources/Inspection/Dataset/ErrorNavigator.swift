import Evaluation

/// `]` and `[` across the dataset: the next or previous error (or item of one kind) from
/// where the browser is, in a given image order, wrapping around once.
///
/// Within an image the items are its detections of the kind in detection order, then its
/// missed objects in ``ImageErrors/misses`` order. The navigator keeps the positions (in the
/// order) of the images holding any such item, so a step is a binary search plus a scan of
/// one image's labels: build one per (variant, order, kind) and keep it while they stay.
public struct ErrorNavigator: Sendable {
    /// The kind stepped through; nil: every error (all kinds but tp, misses included).
    public let kind: DetectionLabel.Kind?
    /// The image order stepped in.
    public let order: [Int]
    private let review: VariantReview
    /// Per image of the list: its position in `order`, or -1.
    private let position: [Int32]
    /// Ascending positions (in `order`) of the images with an item.
    private let stops: [Int32]

    /// Steps through `review`'s items of `kind` (nil: every error) in `order` (image indices;
    /// images it leaves out are never visited).
    public init(review: VariantReview, order: [Int], kind: DetectionLabel.Kind?) {
        self.kind = kind
        self.order = order
        self.review = review
        var position = [Int32](repeating: -1, count: max(order.max().map { $0 + 1 } ?? 0, 0))
        var stops: [Int32] = []
        for (p, image) in order.enumerated() where image >= 0 {
            if position[image] < 0 { position[image] = Int32(p) }
            if (review.counts(ofImage: image)?.count(of: kind) ?? 0) > 0 { stops.append(Int32(p)) }
        }
        self.position = position
        self.stops = stops
    }

    /// The number of images holding an item.
    public var imagesWithItems: Int { stops.count }

    /// The next (`forward`) or previous item after `item` of image `image` (nil: from before
    /// the image's first item going forward, after its last going backward), on through the
    /// following (preceding) images of the order, wrapping around once; nil when there is no
    /// other. An image outside the order starts from the order's start (or end).
    public func next(from image: Int, item: ReviewItem.Target?, forward: Bool) -> ReviewItem? {
        guard !stops.isEmpty else { return nil }
        let p = position.indices.contains(image) ? Int(position[image]) : -1
        guard p >= 0 else {
            let stop = Int(forward ? stops[0] : stops[stops.count - 1])
            return edge(of: order[stop], first: forward)
        }
        if let found = step(in: image, from: item, forward: forward) { return found }
        // The nearest image with an item after (before) position p, else around the order.
        var lo = 0
        var hi = stops.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(stops[mid]) <= p { lo = mid + 1 } else { hi = mid }
        }
        // stops[..<lo] <= p < stops[lo...]
        let target: Int
        if forward {
            target = lo < stops.count ? Int(stops[lo]) : Int(stops[0])
        } else {
            let before = lo > 0 && Int(stops[lo - 1]) == p ? lo - 2 : lo - 1
            target = before >= 0 ? Int(stops[before]) : Int(stops[stops.count - 1])
        }
        guard let found = edge(of: order[target], first: forward) else { return nil }
        // Around to the image itself: only an item other than the one we are on.
        if target == p, let item, found.target == item { return nil }
        return found
    }

    /// Whether a detection label or a miss is of the kind stepped through.
    private func matches(_ label: DetectionLabel.Kind?) -> Bool {
        guard let label else { return false }
        return kind.map { $0 == label } ?? (label != .tp)
    }

    private var includesMisses: Bool { matches(.miss) }

    /// The image's first (last) item.
    private func edge(of image: Int, first: Bool) -> ReviewItem? {
        step(in: image, from: nil, forward: first)
    }

    /// The item after (before) `item` within `image`; nil `item` is before the first (after
    /// the last) one.
    private func step(in image: Int, from item: ReviewItem.Target?, forward: Bool) -> ReviewItem? {
        guard let errors = review.imageErrors(ofImage: image) else { return nil }
        let kinds = errors.kinds
        let misses = includesMisses ? errors.misses : []
        // Items are detections 0..<kinds.count, then misses: one index space.
        let current: Int?
        switch item {
        case nil: current = nil
        case .detection(let n): current = n
        case .object(let o): current = misses.firstIndex(of: o).map { kinds.count + $0 }
        }
        func isItem(_ x: Int) -> Bool { x < kinds.count ? matches(kinds[x]) : true }
        func target(_ x: Int) -> ReviewItem {
            ReviewItem(image: image, target: x < kinds.count ? .detection(x) : .object(misses[x - kinds.count]))
        }
        let total = kinds.count + misses.count
        if forward {
            var x = current.map { $0 + 1 } ?? 0
            while x < total {
                if isItem(x) { return target(x) }
                x += 1
            }
        } else {
            var x = current.map { $0 - 1 } ?? total - 1
            while x >= 0 {
                if x < total && isItem(x) { return target(x) }
                x -= 1
            }
        }
        return nil
    }
}
