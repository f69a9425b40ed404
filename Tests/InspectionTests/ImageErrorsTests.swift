import Compute
import Detector
import Evaluation
import Inspection
import Testing

/// The browser's per-image labels: TIDE's rules on one image, classes matched by name.
struct ImageErrorsTests {
    @Test func detectionsAreLabelledAgainstTheImagesObjectsByClassName() {
        // Model classes "traffic light" and "car"; the ground truth spells the first one
        // "Traffic_Light" and also has a "bus", which the model does not know.
        let image = GroundTruthImage(fileName: "a.jpg", width: 400, height: 400, objects: [
            GroundTruthObject(className: "Traffic_Light", box: Box(x1: 10, y1: 10, x2: 50, y2: 50)),
            GroundTruthObject(className: "car", box: Box(x1: 100, y1: 10, x2: 140, y2: 50)),
            GroundTruthObject(className: "bus", box: Box(x1: 200, y1: 200, x2: 260, y2: 260)),
        ])
        let detections = [
            Detection(label: 0, score: 0.9, box: Box(x1: 10, y1: 10, x2: 50, y2: 50), roi: 4),    // tp of the light
            Detection(label: 0, score: 0.8, box: Box(x1: 100, y1: 10, x2: 140, y2: 50), roi: 7),  // cls: a light on the car
            Detection(label: 1, score: 0.7, box: Box(x1: 300, y1: 300, x2: 320, y2: 320), roi: 9), // bkg
        ]
        let errors = ImageErrors(detections: detections, modelClassNames: ["traffic light", "car"], image: image,
                                 classNames: ["Traffic_Light", "car", "bus"])
        #expect(errors.kinds == [.tp, .cls, .bkg])
        #expect(errors.objects == [0, 1, nil])
        // The car was claimed by the cls error while free (not a miss); the bus no one found is.
        #expect(errors.misses == [2])
        #expect(errors.counts == [.tp: 1, .cls: 1, .bkg: 1, .miss: 1])
    }
}
