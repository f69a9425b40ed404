/// How a 3x3 stride-1 convolution is computed: unfolded patches and one GEMM (im2col), or
/// Winograd's minimal filtering with a given tile.
public enum ConvolutionMethod: Sendable, Hashable, CustomStringConvertible {
    case direct
    case winograd(WinogradTile)

    /// Every method, direct first.
    public static let all: [ConvolutionMethod] = [.direct, .winograd(.f2), .winograd(.f4)]

    public var description: String {
        switch self {
        case .direct: "im2col"
        case .winograd(let tile): "winograd-f\(tile.rawValue)"
        }
    }
}

/// The shape of one convolution call the choice depends on: channels in and out and the
/// map it sweeps (all RoIs of a chunk, or one image).
public struct ConvolutionShape: Sendable, Hashable, CustomStringConvertible {
    public var inChannels: Int
    public var outChannels: Int
    public var batch: Int
    public var height: Int
    public var width: Int

    public init(inChannels: Int, outChannels: Int, batch: Int, height: Int, width: Int) {
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.batch = batch
        self.height = height
        self.width = width
    }

    /// Multiply-adds of the direct convolution (3x3).
    public var directMACs: Double {
        Double(inChannels) * Double(outChannels) * 9 * Double(batch * height * width)
    }

    public var description: String { "\(inChannels)->\(outChannels) \(batch)x\(height)x\(width)" }
}
