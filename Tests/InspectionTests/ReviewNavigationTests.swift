import Compute
import Detector
import Evaluation
import Inspection
import Testing

/// Image orders and next-error steps on a dataset small enough to know by heart. One class;
/// under dh:
///   0  one object found exactly                  errors 0, AP 1
///   1  one object missed, one background box     errors 2 (bkg, miss), AP 0
///   2  two objects, one found exactly            errors 1 (miss), AP 51/101 (recall 0.5)
///   3  no objects, one background box            errors 1 (bkg), no AP
///   4  not in the ground truth
///   5  not analysed
/// fc misses image 0's object (AP 0) and finds both of image 2's (AP 1).
@Suite struct ReviewNavigationTests {
    static func box(_ x: Float, _ y: Float) -> Box { Box(x1: x, y1: y, x2: x + 50, y2: y + 50) }

    static func review() -> DatasetReview {
        let object = { (x: Float, y: Float) in GroundTruthObject(className: "a", box: box(x, y)) }
        let truth = GroundTruth(images: [
            GroundTruthImage(fileName: "0.jpg", width: 400, height: 400, objects: [object(10, 10)]),
            GroundTruthImage(fileName: "1.jpg", width: 400, height: 400, objects: [object(10, 10)]),
            GroundTruthImage(fileName: "2.jpg", width: 400, height: 400, objects: [object(10, 10), object(200, 200)]),
            GroundTruthImage(fileName: "3.jpg", width: 400, height: 400, objects: []),
            GroundTruthImage(fileName: "5.jpg", width: 400, height: 400, objects: [object(10, 10)]),
        ], classNames: ["a"])
        let hit = { (x: Float, y: Float) in Detection(label: 0, score: 0.9, box: box(x, y), roi: 0) }
        let stray = Detection(label: 0, score: 0.5, box: box(300, 300), roi: 1)
        var detections = DatasetDetections(imagePaths: ["0.jpg", "1.jpg", "2.jpg", "3.jpg", "4.jpg", "5.jpg"])
        let dh: [[Detection]] = [[hit(10, 10)], [stray], [hit(10, 10)], [stray], [hit(10, 10)]]
        let fc: [[Detection]] = [[], [stray], [hit(10, 10), hit(200, 200)], [stray], [hit(10, 10)]]
        for image in 0...4 {
            detections.setDetections(dh[image], ofImage: image, variant: .dh)
            detections.setDetections(fc[image], ofImage: image, variant: .fc)
        }
        return DatasetReview(detections: detections, groundTruth: truth, modelClassNames: ["a"], variants: [.dh, .fc])
    }

    @Test func theValuesTheOrdersSortBy() throws {
        let review = Self.review()
        let dh = try #require(review[.dh])
        #expect(dh.analysedImages == [0, 1, 2, 3])
        #expect((0...5).map { dh.counts(ofImage: $0)?.errors } == [0, 2, 1, 1, nil, nil])
        #expect(dh.counts(ofImage: 1) == LabelCounts([.bkg: 1, .miss: 1]))
        let ap = (0...5).map { dh.averagePrecision(ofImage: $0) }
        #expect(abs((ap[0] ?? -1) - 1) < 1e-12 && ap[1] == 0 && abs((ap[2] ?? -1) - 51.0 / 101) < 1e-12)
        #expect(ap[3] == nil && ap[4] == nil && ap[5] == nil)
        #expect(abs((review.averagePrecisionDifference(ofImage: 0, variant: .dh, minus: .fc) ?? 0) - 1) < 1e-12)
        #expect(abs((review.averagePrecisionDifference(ofImage: 2, variant: .dh, minus: .fc) ?? 0) + 50.0 / 101) < 1e-12)
        #expect(review.averagePrecisionDifference(ofImage: 1, variant: .dh, minus: .fc) == 0)
        #expect(review.averagePrecisionDifference(ofImage: 3, variant: .dh, minus: .fc) == nil)
    }

    @Test func ordersPutTheImagesWithoutAValueLastInFileOrder() {
        let review = Self.review()
        #expect(review.imageOrder(.file, variant: .dh) == [0, 1, 2, 3, 4, 5])
        // Ties (images 2 and 3, one error each) keep file order.
        #expect(review.imageOrder(.mostErrors, variant: .dh) == [1, 2, 3, 0, 4, 5])
        #expect(review.imageOrder(.lowestAP, variant: .dh) == [1, 2, 0, 3, 4, 5])
        // By the signed difference: dh beats fc on 0 (+1), ties on 1, loses on 2 (-50/101).
        #expect(review.imageOrder(.variantDifference, variant: .dh, comparedWith: .fc) == [0, 1, 2, 3, 4, 5])
        #expect(review.imageOrder(.variantDifference, variant: .fc, comparedWith: .dh) == [2, 1, 0, 3, 4, 5])
        #expect(review.imageOrder(.mostErrors, variant: .fc) == [1, 0, 3, 2, 4, 5])
        // Nothing to compare with: file order.
        #expect(review.imageOrder(.variantDifference, variant: .dh) == [0, 1, 2, 3, 4, 5])
        #expect(review.imageOrder(.lowestAP, variant: .conv) == [0, 1, 2, 3, 4, 5])
    }

    @Test func nextErrorStepsThroughTheDatasetAndWrapsOnce() throws {
        let review = Self.review()
        let navigator = try #require(review.errorNavigator(variant: .dh, order: .file))
        #expect(navigator.imagesWithItems == 3)
        var steps: [ReviewItem] = []
        var at = ReviewItem(image: 0, target: .detection(0))
        var item: ReviewItem.Target? = nil
        for _ in 0..<5 {
            let next = try #require(navigator.next(from: at.image, item: item, forward: true))
            steps.append(next)
            at = next
            item = next.target
        }
        #expect(steps == [
            ReviewItem(image: 1, target: .detection(0)), ReviewItem(image: 1, target: .object(0)),
            ReviewItem(image: 2, target: .object(1)), ReviewItem(image: 3, target: .detection(0)),
            ReviewItem(image: 1, target: .detection(0)),
        ])
        // Backward: before image 1's first error comes image 3's, around the end.
        #expect(navigator.next(from: 1, item: .detection(0), forward: false) == ReviewItem(image: 3, target: .detection(0)))
        #expect(navigator.next(from: 1, item: .object(0), forward: false) == ReviewItem(image: 1, target: .detection(0)))
        // From no item: the image's own first (last) error.
        #expect(navigator.next(from: 1, item: nil, forward: true) == ReviewItem(image: 1, target: .detection(0)))
        #expect(navigator.next(from: 1, item: nil, forward: false) == ReviewItem(image: 1, target: .object(0)))
        // An image outside the dataset steps on from its place in the order.
        #expect(navigator.next(from: 4, item: nil, forward: true) == ReviewItem(image: 1, target: .detection(0)))
        #expect(navigator.next(from: 5, item: nil, forward: false) == ReviewItem(image: 3, target: .detection(0)))
    }

    @Test func nextErrorHonoursTheKindAndTheOrder() throws {
        let review = Self.review()
        let misses = try #require(review.errorNavigator(variant: .dh, order: .file, kind: .miss))
        #expect(misses.next(from: 0, item: nil, forward: true) == ReviewItem(image: 1, target: .object(0)))
        #expect(misses.next(from: 1, item: .object(0), forward: true) == ReviewItem(image: 2, target: .object(1)))
        #expect(misses.next(from: 2, item: .object(1), forward: true) == ReviewItem(image: 1, target: .object(0)))
        let background = try #require(review.errorNavigator(variant: .dh, order: .file, kind: .bkg))
        #expect(background.next(from: 1, item: .detection(0), forward: true) == ReviewItem(image: 3, target: .detection(0)))
        #expect(background.next(from: 2, item: nil, forward: false) == ReviewItem(image: 1, target: .detection(0)))
        let truePositives = try #require(review.errorNavigator(variant: .dh, order: .file, kind: .tp))
        #expect(truePositives.next(from: 0, item: .detection(0), forward: true) == ReviewItem(image: 2, target: .detection(0)))
        // No error of the kind: nothing to go to.
        let cls = try #require(review.errorNavigator(variant: .dh, order: .file, kind: .cls))
        #expect(cls.imagesWithItems == 0 && cls.next(from: 0, item: nil, forward: true) == nil)
        // The only one of its kind, and on it: no other.
        let oneMiss = ErrorNavigator(review: try #require(review[.dh]), order: [0, 2, 3], kind: .miss)
        #expect(oneMiss.next(from: 2, item: .object(1), forward: true) == nil)
        #expect(oneMiss.next(from: 2, item: .object(1), forward: false) == nil)
        #expect(oneMiss.next(from: 0, item: nil, forward: true) == ReviewItem(image: 2, target: .object(1)))
        // In most-errors order (1, 2, 3, 0, 4, 5) image 3's bkg is followed, around the end,
        // by image 1's.
        let mostErrors = try #require(review.errorNavigator(variant: .dh, order: .mostErrors))
        #expect(mostErrors.order == [1, 2, 3, 0, 4, 5])
        #expect(mostErrors.next(from: 3, item: .detection(0), forward: true) == ReviewItem(image: 1, target: .detection(0)))
        #expect(mostErrors.next(from: 1, item: .detection(0), forward: false) == ReviewItem(image: 3, target: .detection(0)))
    }

    @Test func aLookupAtCOCOScaleTakesMicroseconds() throws {
        // 5,000 images of which every 50th has one error: a step crosses ~50 images.
        let count = 5000
        var objects: [GroundTruthImage] = []
        var detections = DatasetDetections(imagePaths: (0..<count).map { "\($0).jpg" })
        for image in 0..<count {
            objects.append(GroundTruthImage(fileName: "\(image).jpg", width: 100, height: 100,
                                            objects: [GroundTruthObject(className: "a", box: Self.box(0, 0))]))
            detections.setDetections(image % 50 == 0 ? [] : [Detection(label: 0, score: 0.9, box: Self.box(0, 0), roi: 0)],
                                     ofImage: image, variant: .dh)
        }
        let review = DatasetReview(detections: detections, groundTruth: GroundTruth(images: objects, classNames: ["a"]),
                                   modelClassNames: ["a"], variants: [.dh])
        let navigator = try #require(review.errorNavigator(variant: .dh, order: .file))
        #expect(navigator.imagesWithItems == 100)
        var at = ReviewItem(image: 1, target: .detection(0))
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for _ in 0..<1000 {
                if let next = navigator.next(from: at.image, item: at.target, forward: true) { at = next }
            }
        }
        #expect(at.image % 50 == 0)
        // 1000 steps well under the 1 ms each allows, even in a debug build.
        #expect(elapsed < .milliseconds(200), "1000 steps took \(elapsed)")
    }
}
