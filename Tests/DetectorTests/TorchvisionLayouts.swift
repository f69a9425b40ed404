import Foundation
import TestSupport

/// The full-size fasterrcnn_resnet50_fpn and _v2 as torchvision builds them (weights=None):
/// their state_dict names and shapes, settings and COCO category names.
struct TorchvisionLayouts: Decodable {
    struct Model: Decodable {
        /// [name, shape] pairs in state_dict order.
        var tensors: [[Tensor]]
        var settings: TorchvisionSettings
        var categories: [String]

        enum Tensor: Decodable {
            case name(String)
            case shape([Int])

            init(from decoder: Decoder) throws {
                let c = try decoder.singleValueContainer()
                if let s = try? c.decode(String.self) { self = .name(s) } else { self = .shape(try c.decode([Int].self)) }
            }
        }

        /// The tensors as names and shapes, and the names in order.
        var shapes: (byName: [String: [Int]], order: [String]) {
            var byName: [String: [Int]] = [:], order: [String] = []
            for pair in tensors {
                guard pair.count == 2, case .name(let n) = pair[0], case .shape(let s) = pair[1] else { continue }
                byName[n] = s
                order.append(n)
            }
            return (byName, order)
        }
    }

    var v1: Model
    var v2: Model

    static func load() throws -> TorchvisionLayouts {
        try JSONDecoder().decode(TorchvisionLayouts.self,
                                 from: Data(contentsOf: RepositoryFiles.url("Tests/Fixtures/torchvision/layouts.json")))
    }
}
