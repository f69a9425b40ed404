import Compute
import Detector
import Evaluation
import Foundation
import Imaging
import Inspection
import TestSupport
@testable import TUI

/// Three pictures analysed by the tiny model, every variant, with ground truth made from the
/// model's own dh-ext detections so that every kind of error occurs: on the first picture a
/// found object, an object of another class where a detection is (cls) and an object nowhere
/// near a detection (a miss); on the second an object shifted off a detection (loc); the third
/// has no objects (its detections are bkg). The state has the first picture loaded and a
/// review of all three.
enum DatasetFixture {
    struct Loaded: @unchecked Sendable {
        var state: AppState
        var analyses: [RawAnalysis]
        var detections: DatasetDetections
        var review: DatasetReview
        var paths: [String]
    }

    static let loaded: Result<Loaded, Error> = Result {
        let folder = try temporaryDirectory("dhscope-dataset-fixture")
        let paths = try (0..<3).map { try TinyModel.writeImage(in: folder, name: "r\($0).png", seed: [1, 3, 5][$0]) }
        let detector = try TinyModel.detector()
        let settings = PostProcessSettings(config: detector.config)
        let variants = HeadVariant.available(for: detector.config)
        var analyses: [RawAnalysis] = []
        var detections = DatasetDetections(imagePaths: paths)
        for (n, path) in paths.enumerated() {
            let analysis = try detector.analyze(try ImageDecoder().decodeRGB(contentsOf: path))
            analyses.append(analysis)
            for variant in variants {
                detections.setDetections(try PostProcessor.detections(analysis, variant: variant, settings: settings),
                                         ofImage: n, variant: variant)
            }
        }
        let names = TinyModel.classNames
        func found(_ image: Int) -> [Detection] { detections.detections(ofImage: image, variant: .dhExt) ?? [] }
        let first = found(0), second = found(1)
        guard first.count >= 2, !second.isEmpty else { throw FixtureError("the tiny model found too little") }
        let other = names[(first[1].label + 1) % names.count]
        let objects0 = [
            GroundTruthObject(className: names[first[0].label], box: first[0].box),
            GroundTruthObject(className: other, box: first[1].box),
            GroundTruthObject(className: names[0], box: Box(x1: 150, y1: 110, x2: 159, y2: 119)),
        ]
        let b = second[0].box
        let shift = (b.x2 - b.x1) * 0.6
        let objects1 = [GroundTruthObject(className: names[second[0].label],
                                          box: Box(x1: b.x1 + shift, y1: b.y1, x2: b.x2 + shift, y2: b.y2))]
        let truth = GroundTruth(images: [
            GroundTruthImage(fileName: "r0.png", width: 160, height: 120, objects: objects0),
            GroundTruthImage(fileName: "r1.png", width: 160, height: 120, objects: objects1),
            GroundTruthImage(fileName: "r2.png", width: 160, height: 120, objects: []),
        ], classNames: names)
        let review = DatasetReview(detections: detections, groundTruth: truth, modelClassNames: names, variants: variants)
        var state = AppState(imagePaths: paths, modelName: "tiny-dh", config: detector.config, groundTruth: truth)
        state.terminalSize = (160, 48)
        state.setPicture(.ready(try ImageDecoder().decodeRGB(contentsOf: paths[0])))
        state.apply(.finished(analyses[0], cached: false))
        state.setDatasetReview(review, detections: detections)
        return Loaded(state: state, analyses: analyses, detections: detections, review: review, paths: paths)
    }

    static func state() throws -> AppState { try loaded.get().state }

    /// Delivers image `index`'s analysis as the browser would after loading it.
    static func load(_ state: inout AppState, image index: Int) throws {
        let fixture = try loaded.get()
        state.setPicture(.ready(try ImageDecoder().decodeRGB(contentsOf: fixture.paths[index])))
        state.apply(.finished(fixture.analyses[index], cached: true))
    }

    struct FixtureError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
