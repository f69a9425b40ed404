/// The output tile of a Winograd convolution F(m x m, 3 x 3): `m x m` outputs from an
/// `(m + 2) x (m + 2)` input tile with `(m + 2)^2` multiplications per channel pair instead
/// of `9 m^2`.
public enum WinogradTile: Int, Sendable, Hashable, CaseIterable, Codable {
    /// F(2x2, 3x3): 16 products per tile, 2.25x fewer than direct; the most exact.
    case f2 = 2
    /// F(4x4, 3x3): 36 products per tile, 4x fewer than direct (on whole tiles).
    case f4 = 4

    /// Outputs per tile side, `m`.
    public var outputSide: Int { rawValue }
    /// Input tile side, `m + 2`.
    public var inputSide: Int { rawValue + 2 }
    /// Elementwise products per tile and channel pair, `(m + 2)^2`: the number of GEMMs.
    public var positions: Int { inputSide * inputSide }

    /// G, the `(m + 2) x 3` kernel transform (Lavin and Gray, interpolation points 0, +-1, +-2).
    var kernelTransform: [[Double]] {
        switch self {
        case .f2:
            return [[1, 0, 0], [0.5, 0.5, 0.5], [0.5, -0.5, 0.5], [0, 0, 1]]
        case .f4:
            return [[1.0 / 4, 0, 0], [-1.0 / 6, -1.0 / 6, -1.0 / 6], [-1.0 / 6, 1.0 / 6, -1.0 / 6],
                    [1.0 / 24, 1.0 / 12, 1.0 / 6], [1.0 / 24, -1.0 / 12, 1.0 / 6], [0, 0, 1]]
        }
    }
}

/// The weights of a 3x3 convolution transformed for Winograd once, at load time:
/// `U = G g G^T` for every (output, input) channel pair, stored as `positions` row-major
/// `[O, C]` matrices so each tile position is one GEMM `U_p [O, C] x V_p [C, tiles]`.
public struct WinogradWeights: Sendable, Equatable {
    /// The tile this transform is for.
    public let tile: WinogradTile
    public let outChannels: Int
    public let inChannels: Int
    /// `[positions][O][C]`.
    public let transformed: [Float]

    /// Transforms a PyTorch-layout `[O, C, 3, 3]` weight (in double precision, so the only
    /// rounding is the final one).
    /// - Precondition: `weight` is `[O, C, 3, 3]`.
    public init(weight: Tensor, tile: WinogradTile) {
        precondition(weight.rank == 4 && weight.shape[2] == 3 && weight.shape[3] == 3,
                     "Winograd needs a [O, C, 3, 3] weight, got \(weight.shape)")
        let (o, c) = (weight.shape[0], weight.shape[1])
        let g = tile.kernelTransform
        let a = tile.inputSide
        let pairs = o * c
        self.tile = tile
        outChannels = o
        inChannels = c
        // G flattened (a x 3): the nested arrays' bounds checks dominated the transform.
        let gFlat = g.flatMap { $0 }
        transformed = weight.withUnsafeBufferPointer { source in
            gFlat.withUnsafeBufferPointer { gBuffer in
                [Float](unsafeUninitializedCapacity: a * a * pairs) { out, initialized in
                    guard let gp = gBuffer.baseAddress, let src = source.baseAddress, let dst = out.baseAddress else { return }
                    Parallel.forRanges(pairs, minimumChunk: 256) { range in
                        withUnsafeTemporaryAllocation(of: Double.self, capacity: a * 3) { halfBuffer in
                            guard let half = halfBuffer.baseAddress else { return }
                            for pair in range {
                                let k = src + pair * 9
                                // G g: a x 3.
                                for i in 0..<a {
                                    for j in 0..<3 {
                                        var sum = 0.0
                                        for r in 0..<3 { sum += gp[i * 3 + r] * Double(k[r * 3 + j]) }
                                        half[i * 3 + j] = sum
                                    }
                                }
                                // (G g) G^T: a x a.
                                for i in 0..<a {
                                    for j in 0..<a {
                                        var sum = 0.0
                                        for r in 0..<3 { sum += half[i * 3 + r] * gp[j * 3 + r] }
                                        dst[(i * a + j) * pairs + pair] = Float(sum)
                                    }
                                }
                            }
                        }
                    }
                    initialized = a * a * pairs
                }
            }
        }
    }

    /// Bytes the transformed weights take.
    public var byteCount: Int { transformed.count * MemoryLayout<Float>.size }
}
