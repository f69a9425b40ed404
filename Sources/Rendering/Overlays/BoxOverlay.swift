import Compute
import Imaging

/// How a box is drawn; each role has its own line pattern so roles stay apart without colour.
public enum BoxStyle: String, Sendable, CaseIterable {
    /// A detection: a solid line.
    case detection
    /// The selected detection or RoI: a solid line two sub-pixels thick.
    case selected
    /// A proposal: dashed (2 on, 2 off).
    case proposal
    /// The 1.3x enlarged RoI of the conv head: dotted (1 on, 1 off).
    case regressionRoI
    /// Ground truth: long dashes (4 on, 2 off).
    case groundTruth

    /// Whether the sub-pixel at position `i` along an edge is painted.
    func paints(_ i: Int) -> Bool {
        switch self {
        case .detection, .selected: return true
        case .proposal: return i % 4 < 2
        case .regressionRoI: return i % 2 == 0
        case .groundTruth: return i % 6 < 4
        }
    }

    var thickness: Int { self == .selected ? 2 : 1 }
}

/// A box to draw over an image, in image pixels.
public struct BoxOverlay: Sendable, Equatable {
    public var x1: Double, y1: Double, x2: Double, y2: Double
    public var color: RGBColor
    public var style: BoxStyle
    /// Text shown at the box, e.g. "hexagon 0.97"; nil for none.
    public var label: String?

    public init(x1: Double, y1: Double, x2: Double, y2: Double, color: RGBColor,
                style: BoxStyle = .detection, label: String? = nil) {
        self.x1 = x1
        self.y1 = y1
        self.x2 = x2
        self.y2 = y2
        self.color = color
        self.style = style
        self.label = label
    }
}

extension BoxOverlay {
    /// An overlay of `box` (image pixels).
    public init(_ box: Box, color: RGBColor, style: BoxStyle = .detection, label: String? = nil) {
        self.init(x1: Double(box.x1), y1: Double(box.y1), x2: Double(box.x2), y2: Double(box.y2),
                  color: color, style: style, label: label)
    }
}
