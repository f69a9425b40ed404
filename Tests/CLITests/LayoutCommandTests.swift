import Foundation
import TestSupport
import Testing

/// The checkpoint layouts through the binary: `weights` names the one a file is in (or the
/// closest and how it differs), the other commands run any of them with its variants and refuse
/// a file that matches none.
struct LayoutCommandTests {
    static let image = "Samples/images/chelsea.png"
    static let baseline = RepositoryFiles.path("Tests/Fixtures/baseline/faster-rcnn.pth")

    @Test(arguments: [
        ("Tests/Fixtures/baseline/faster-rcnn-legacy.pth", "mmdet-faster-rcnn", "mmdetection FPN Faster R-CNN (Shared2FCBBoxHead)"),
        ("Tests/Fixtures/torchvision/v1.pth", "torchvision-faster-rcnn", "torchvision fasterrcnn_resnet50_fpn (TwoMLPHead)"),
        ("Tests/Fixtures/torchvision/v2.pth", "torchvision-faster-rcnn-v2", "torchvision fasterrcnn_resnet50_fpn_v2 (FastRCNNConvFCHead)"),
        ("Tests/Fixtures/tiny/tiny-dh-ext-legacy.pth", "mmdet-double-head", "mmdetection Double-Head R-CNN (DoubleConvFCBBoxHead)"),
    ])
    func weightsNamesTheLayout(_ path: String, _ layout: String, _ title: String) throws {
        let text = try CLIRunner.run(["weights", RepositoryFiles.path(path)])
        #expect(text.status == 0, "\(text.stderr)")
        #expect(text.stdout.contains("  layout: \(title)\n"))
        let json = try CLIRunner.run(["weights", RepositoryFiles.path(path), "--json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        let architecture = object?["architecture"] as? [String: Any]
        #expect(architecture?["layout"] as? String == layout)
        #expect(architecture?["layout_differences"] is NSNull)
    }

    /// The baseline's tensors with one renamed: `weights` still lists it and says how it differs
    /// from the closest layout; detect refuses it with the same facts.
    @Test func aNearMissIsDescribedAndRefused() throws {
        let folder = try TemporaryFolder("dhscope-layout")
        let source = RepositoryFiles.path("Tests/Fixtures/baseline/faster-rcnn.safetensors")
        let json = try CLIRunner.run(["weights", source, "--json"])
        let tensors = (try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])?["tensors"] as? [[String: Any]] ?? []
        #expect(tensors.count == 130)
        // Rebuild the file with zeros (the layout is about names and shapes) and one name changed.
        let renamed = try SafetensorsBytes.make(tensors.map { t in
            let name = t["name"] as? String ?? "", shape = t["shape"] as? [Int] ?? []
            return SafetensorsBytes.Tensor(name: name == "neck.fpn_convs.2.conv.weight" ? "neck.fpn_convs.2.conv.kernel" : name,
                                           shape: shape, values: [Float](repeating: 0, count: shape.reduce(1, *)))
        })
        let path = folder.file("renamed.safetensors")
        try Data(renamed).write(to: URL(fileURLWithPath: path))

        let weights = try CLIRunner.run(["weights", path])
        #expect(weights.status == 0, "\(weights.stderr)")
        #expect(weights.stdout.contains("layout: none recognised (closest: mmdetection FPN Faster R-CNN (Shared2FCBBoxHead); "
            + "1 missing (neck.fpn_convs.2.conv.weight [8, 8, 3, 3]); 1 unexpected (neck.fpn_convs.2.conv.kernel))"), "\(weights.stdout)")
        let detect = try CLIRunner.run(["detect", Self.image, "--model", path])
        #expect(detect.status != 0)
        #expect(detect.stderr.contains("renamed.safetensors") && detect.stderr.contains("match no layout dhscope knows"))
        #expect(detect.stderr.contains("Closest: mmdetection FPN Faster R-CNN (Shared2FCBBoxHead)"), "\(detect.stderr)")
        #expect(detect.stderr.contains("neck.fpn_convs.2.conv.kernel"))
    }

    @Test func aBaselineDetectsWithFc2Only() throws {
        let r = try CLIRunner.run(["detect", Self.image, "--model", Self.baseline, "--variant", "fc2", "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let detections = ((object?["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        #expect(detections.count == 100)
        #expect(detections.allSatisfy { ["cat", "dog", "bird", "fish"].contains($0["label"] as? String ?? "") })
        let dh = try CLIRunner.run(["detect", Self.image, "--model", Self.baseline, "--variant", "dh"])
        #expect(dh.status != 0 && dh.stderr.contains("it offers fc2"), "\(dh.stderr)")
        let byDefault = try CLIRunner.run(["inspect", Self.image, "--model", Self.baseline, "--roi", "0"])
        #expect(byDefault.status == 0 && byDefault.stdout.contains("variants fc2") && byDefault.stdout.contains("conv: -"))
    }

    /// torchvision's labels are COCO's category ids: its label L is category_id L.
    @Test func torchvisionsLabelsAreCocoCategories() throws {
        let r = try CLIRunner.run(["detect", Self.image, "--model", RepositoryFiles.path("Tests/Fixtures/torchvision/v1.pth"), "--json"])
        #expect(r.status == 0, "\(r.stderr)")
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        let detections = ((object?["images"] as? [[String: Any]])?.first?["detections"] as? [[String: Any]]) ?? []
        #expect(detections.count == 100)
        let layouts = try JSONSerialization.jsonObject(with: Data(contentsOf: RepositoryFiles.url("Tests/Fixtures/torchvision/layouts.json"))) as? [String: Any]
        let categories = (layouts?["v1"] as? [String: Any])?["categories"] as? [String] ?? []
        #expect(categories.count == 91)
        for d in detections {
            let id = d["category_id"] as? Int ?? -1
            #expect(categories.indices.contains(id) && categories[id] == d["label"] as? String, "\(d)")
        }
    }
}
