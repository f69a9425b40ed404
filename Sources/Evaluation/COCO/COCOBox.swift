import Compute

/// A box as COCO stores it: top-left corner and size, `[x, y, width, height]`, in pixels.
public struct COCOBox: Sendable, Hashable, Codable {
    public var x: Double
    public var y: Double
    public var width: Double
    public var height: Double

    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// The COCO box of corner box `box` (x1, y1, x2, y2): width = x2 - x1, no +1.
    public init(_ box: Box) {
        self.init(x: Double(box.x1), y: Double(box.y1),
                  width: Double(box.x2) - Double(box.x1), height: Double(box.y2) - Double(box.y1))
    }

    /// `width * height`, the area pycocotools gives a result.
    @inlinable public var area: Double { width * height }

    /// The corner box (x1, y1, x2, y2) = (x, y, x + width, y + height).
    public var corners: Box {
        Box(x1: Float(x), y1: Float(y), x2: Float(x + width), y2: Float(y + height))
    }

    /// The intersection over union exactly as pycocotools' `bbIou` computes it in double
    /// precision: no +1, zero when the overlap is empty, and for a crowd `other` the union is
    /// this box's area alone.
    @inlinable
    public func iou(_ other: COCOBox, otherIsCrowd: Bool = false) -> Double {
        let w = Swift.min(width + x, other.width + other.x) - Swift.max(x, other.x)
        if w <= 0 { return 0 }
        let h = Swift.min(height + y, other.height + other.y) - Swift.max(y, other.y)
        if h <= 0 { return 0 }
        let intersection = w * h
        let ownArea = width * height
        let union = otherIsCrowd ? ownArea : ownArea + other.width * other.height - intersection
        return intersection / union
    }

    public init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        var values: [Double] = []
        while !container.isAtEnd && values.count < 5 {
            values.append(try container.decode(Double.self))
        }
        guard values.count == 4 else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath,
                debugDescription: "a bbox must be 4 numbers [x, y, width, height]"))
        }
        self.init(x: values[0], y: values[1], width: values[2], height: values[3])
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.unkeyedContainer()
        try container.encode(contentsOf: [x, y, width, height])
    }
}
