import Compute
import Detector
import Foundation
import Imaging

/// A tiny Double-Head model with formula weights (fast in tests), in memory or written as
/// a .safetensors file the real binary can load.
enum TinyModel {
    static let classNames = ["circle", "square", "triangle"]

    static var config: ModelConfig {
        var c = ModelConfig()
        c.depth = 18
        c.baseWidth = 8
        c.fpnChannels = 16
        c.rpnFeatChannels = 16
        c.numClasses = 3
        c.convOutChannels = 32
        c.fcOutChannels = 32
        c.numConvs = 1
        c.withConvCls = true
        c.withFcReg = true
        c.testScale = [128, 96]
        c.rpnMaxPerImage = 50
        c.scoreThreshold = 0.05
        c.classNames = classNames
        return c
    }

    static func detector() throws -> DoubleHeadDetector {
        try DoubleHeadDetector(config: config, weights: FormulaWeights(config: config))
    }

    /// Writes the model as safetensors with dhscope's metadata; returns the path.
    static func write(in folder: URL) throws -> String {
        let c = config
        let weights = FormulaWeights(config: c)
        var header: [String: Any] = [:]
        var body = Data()
        for (name, shape) in StateDictLayout.expectedShapes(of: c) where header[name] == nil {
            let values = try weights.values(of: name)
            let start = body.count
            values.withUnsafeBufferPointer { body.append(Data(buffer: $0)) }
            header[name] = ["dtype": "F32", "shape": shape, "data_offsets": [start, body.count]]
        }
        func json(_ object: Any) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
        }
        header["__metadata__"] = [
            "architecture": try json(["depth": 18, "base_width": 8, "fpn_channels": 16, "rpn_feat_channels": 16,
                                      "num_classes": 3, "conv_out_channels": 32, "fc_out_channels": 32,
                                      "num_convs": 1, "with_conv_cls": true, "with_fc_reg": true]),
            "classes": try json(classNames),
            "test_cfg": try json(["scale": [128, 96], "rpn": ["max_per_img": 50]]),
        ]
        var headerData = try JSONSerialization.data(withJSONObject: header, options: [.sortedKeys])
        while headerData.count % 8 != 0 { headerData.append(0x20) }
        var file = Data()
        var length = UInt64(headerData.count).littleEndian
        file.append(Data(bytes: &length, count: 8))
        file.append(headerData)
        file.append(body)
        let path = folder.appendingPathComponent("tiny-dh.safetensors").path
        try file.write(to: URL(fileURLWithPath: path))
        return path
    }

    /// A small textured test picture; returns the path.
    static func writeImage(in folder: URL, name: String = "scene.png", seed: Int = 1) throws -> String {
        var image = RGBImage(width: 160, height: 120)
        for y in 0..<120 {
            for x in 0..<160 {
                let inside = (x - 50) * (x - 50) + (y - 60) * (y - 60) < 900 || (x > 95 && x < 140 && y > 30 && y < 80)
                let base = inside ? 220 : 40
                let i = (y * 160 + x) * 3
                image.pixels[i] = UInt8((base + x * seed) % 256)
                image.pixels[i + 1] = UInt8(inside ? 60 : 90)
                image.pixels[i + 2] = UInt8((base + y) % 256)
            }
        }
        let path = folder.appendingPathComponent(name).path
        try PNGEncoder.write(image, to: path)
        return path
    }
}
