import Compute
import Detector
import Evaluation
import Inspection
import Testing

/// A generated dataset the browser could hold: ground truth with crowd and difficult objects,
/// a class the model lacks ("bus") and one it spells differently ("Traffic_Light"), a model
/// class the ground truth lacks ("dog"), detections of every TIDE kind for two variants, an
/// image the ground truth does not list and one not analysed yet.
private struct GeneratedDataset {
    static let classNames = ["person", "Traffic_Light", "car", "bus"]
    static let modelClassNames = ["person", "traffic light", "car", "dog"]

    var groundTruth: GroundTruth
    var detections: DatasetDetections
    /// Image 0's file name is not in the ground truth; the last image is not analysed.
    var unlisted = 0
    var unanalysed: Int

    init(images: Int = 24, seed: UInt64 = 7) {
        var random = SplitMix(seed: seed)
        func uniform(_ lo: Double, _ hi: Double) -> Float { Float(random.uniform(lo, hi)) }
        var truthImages: [GroundTruthImage] = []
        var paths = ["photos/not-annotated.jpg"]
        var perImage: [[HeadVariant: [Detection]]] = [[:]]
        for i in 1..<images {
            var objects: [GroundTruthObject] = []
            for _ in 0..<Int(random.next() % 6) {
                let x = uniform(0, 500), y = uniform(0, 380), w = uniform(20, 140), h = uniform(20, 100)
                objects.append(GroundTruthObject(className: Self.classNames[Int(random.next() % 4)],
                                                 box: Box(x1: x, y1: y, x2: x + w, y2: y + h),
                                                 isCrowd: random.nextUnit() < 0.05, isDifficult: random.nextUnit() < 0.05))
            }
            truthImages.append(GroundTruthImage(fileName: "img\(i).jpg", width: 640, height: 480, objects: objects))
            paths.append("photos/img\(i).jpg")
            var variants: [HeadVariant: [Detection]] = [:]
            for variant in [HeadVariant.fc, .dhExt] {
                var list: [Detection] = []
                for object in objects {
                    let modelClass = Self.modelClassNames.firstIndex { ClassMappingProbe.same($0, object.className) } ?? 3
                    for _ in 0..<Int(random.next() % 3) {
                        let loose = random.nextUnit() < 0.3 ? Float(0.4) : Float(0.05)
                        let b = object.box
                        let w = b.x2 - b.x1, h = b.y2 - b.y1
                        let label = random.nextUnit() < 0.2 ? Int(random.next() % 4) : modelClass
                        list.append(Detection(label: label, score: uniform(0.05, 1),
                                              box: Box(x1: b.x1 + w * uniform(-1, 1) * loose, y1: b.y1 + h * uniform(-1, 1) * loose,
                                                       x2: b.x2 + w * uniform(-1, 1) * loose, y2: b.y2 + h * uniform(-1, 1) * loose),
                                              roi: list.count))
                    }
                }
                for _ in 0..<Int(random.next() % 4) {
                    let x = uniform(0, 560), y = uniform(0, 400)
                    list.append(Detection(label: Int(random.next() % 4), score: uniform(0.01, 0.7),
                                          box: Box(x1: x, y1: y, x2: x + uniform(10, 80), y2: y + uniform(10, 80)), roi: list.count))
                }
                list.sort { $0.score > $1.score }
                variants[variant] = list
            }
            perImage.append(variants)
        }
        groundTruth = GroundTruth(images: truthImages, classNames: Self.classNames)
        detections = DatasetDetections(imagePaths: paths)
        unanalysed = paths.count - 1
        for (i, variants) in perImage.enumerated() where i != unanalysed {
            for variant in [HeadVariant.fc, .dhExt] {
                detections.setDetections(variants[variant] ?? [], ofImage: i, variant: variant)
            }
        }
    }
}

/// Class names matched as `ClassMapping` matches them (case, `_` and `-` as spaces).
private enum ClassMappingProbe {
    static func same(_ model: String, _ dataset: String) -> Bool {
        ClassMapping(datasetNames: [dataset], modelNames: [model]).modelIndex(of: dataset) != nil
    }
}

@Suite struct DatasetReviewTests {
    @Test func everyImagesLabelsAreImageErrorsOfTheImageAlone() throws {
        let data = GeneratedDataset()
        let review = DatasetReview(detections: data.detections, groundTruth: data.groundTruth,
                                   modelClassNames: GeneratedDataset.modelClassNames, variants: [.fc, .dhExt])
        #expect(review.variants == [.fc, .dhExt])
        #expect(review.imageCount == data.detections.count)
        #expect(review.listedImageCount == data.detections.count - 1)
        var kindsSeen = Set<DetectionLabel.Kind>()
        for variant in review.variants {
            let variantReview = try #require(review[variant])
            for image in 0..<data.detections.count {
                let errors = variantReview.imageErrors(ofImage: image)
                guard image != data.unlisted, image != data.unanalysed,
                      let detections = data.detections.detections(ofImage: image, variant: variant),
                      let truth = data.groundTruth.image(forFileAt: data.detections.imagePaths[image]) else {
                    #expect(errors == nil, "image \(image) is not part of the dataset")
                    #expect(variantReview.averagePrecision(ofImage: image) == nil && variantReview.counts(ofImage: image) == nil)
                    continue
                }
                let alone = ImageErrors(detections: detections, modelClassNames: GeneratedDataset.modelClassNames, image: truth,
                                        classNames: data.groundTruth.classNames)
                #expect(errors == alone, "\(variant) image \(image)")
                #expect(variantReview.counts(ofImage: image) == LabelCounts(alone.counts), "\(variant) image \(image)")
                kindsSeen.formUnion(alone.kinds.compactMap { $0 })
                if !alone.misses.isEmpty { kindsSeen.insert(.miss) }
            }
        }
        // The case is only a test of the mapping if it holds every kind.
        #expect(kindsSeen == Set(DetectionLabel.Kind.allCases), "kinds generated: \(kindsSeen)")
    }

    @Test func theDatasetIsTheAnalysedListedImages() throws {
        let data = GeneratedDataset()
        var partial = data.detections
        // dh-ext analysed on the even images only: its dataset is those (the unlisted 0 aside).
        for image in stride(from: 1, to: partial.count, by: 2) { partial.removeDetections(ofImage: image) }
        for image in stride(from: 1, to: partial.count, by: 2) where image != data.unanalysed {
            partial.setDetections(data.detections.detections(ofImage: image, variant: .fc) ?? [], ofImage: image, variant: .fc)
        }
        let review = DatasetReview(detections: partial, groundTruth: data.groundTruth,
                                   modelClassNames: GeneratedDataset.modelClassNames, variants: [.dhExt, .fc, .dhExt])
        #expect(review.variants == [.dhExt, .fc])
        let dhExt = try #require(review[.dhExt])
        let fc = try #require(review[.fc])
        let even = Array(stride(from: 2, to: partial.count, by: 2)).filter { $0 != data.unanalysed }
        #expect(dhExt.analysedImages == even && dhExt.analysedImageCount == even.count)
        #expect(dhExt.evaluation.report.imageCount == even.count)
        #expect(fc.analysedImages == Array(1..<partial.count).filter { $0 != data.unanalysed })
        // The numbers are those of the analysed images alone.
        let truth = GroundTruth(images: even.compactMap { data.groundTruth.image(forFileAt: partial.imagePaths[$0]) },
                                classNames: data.groundTruth.classNames)
        let dataset = truth.cocoDataset()
        let mapping = COCOResultMapping(dataset: dataset, modelClassNames: GeneratedDataset.modelClassNames)
        let results = even.enumerated().flatMap { slot, image in
            mapping.results(partial.detections(ofImage: image, variant: .dhExt) ?? [], imageID: slot + 1)
        }
        let alone = EvaluationReport.evaluate(results, against: dataset, name: "dh-ext", tide: true)
        #expect(dhExt.evaluation.report.statsList == alone.statsList)
        #expect(dhExt.evaluation.report.tide == alone.tide)
        // Each analysed image's AP is that of its own slot of the evaluation.
        for (slot, image) in even.enumerated() {
            #expect(dhExt.averagePrecision(ofImage: image) == dhExt.evaluation.imageAP[slot])
        }
    }

    @Test func confusionMembersPointAtTheirDetectionsAndObjects() throws {
        let data = GeneratedDataset()
        let review = DatasetReview(detections: data.detections, groundTruth: data.groundTruth,
                                   modelClassNames: GeneratedDataset.modelClassNames, variants: [.dhExt])
        let dhExt = try #require(review[.dhExt])
        let confusion = dhExt.evaluation.confusion
        let names = confusion.categories
        var members = 0
        for row in names.indices {
            for column in names.indices {
                let cell = dhExt.confusionMembers(row: row, column: column)
                #expect(cell.count == confusion.matrix[row][column], "cell (\(row), \(column))")
                members += cell.count
                for item in cell {
                    switch item.target {
                    case .detection(let n):
                        let detection = try #require(data.detections.detections(ofImage: item.image, variant: .dhExt)?[n])
                        #expect(column < names.count - 1)
                        #expect(detection.score >= 0.3)
                        #expect(ClassMappingProbe.same(GeneratedDataset.modelClassNames[detection.label], names[column]))
                    case .object(let o):
                        let object = try #require(data.groundTruth.image(forFileAt: data.detections.imagePaths[item.image])?.objects[o])
                        #expect(column == names.count - 1 && object.className == names[row])
                        #expect(!object.isCrowd && !object.isDifficult)
                    }
                }
            }
        }
        #expect(members > 0)
    }
}
