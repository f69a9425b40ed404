import Foundation

/// Timing probes for `dhscope bench`: OpenBLAS peak and the Double-Head conv branch.
public enum ComputeBenchmark {
    /// One timing: the best wall time over the repeats and the arithmetic rate it implies.
    public struct Measurement: Sendable, Hashable, CustomStringConvertible {
        /// Best wall-clock seconds of one run.
        public var seconds: Double
        /// Floating-point operations per run (2 per multiply-add).
        public var flops: Double
        /// `flops / seconds / 1e9`.
        public var gflops: Double { flops / seconds / 1e9 }

        public var description: String {
            String(format: "%.3f s, %.1f GFLOP/s", seconds, gflops)
        }
    }

    /// Multiply-adds per RoI of the conv branch (res_block + 4 bottlenecks on 7x7).
    public static func convHeadMACsPerRoI(inChannels: Int = 256, outChannels: Int = 1024, bottlenecks: Int = 4) -> Int {
        let mid = outChannels / 4
        let resBlock = inChannels * inChannels * 9 + 2 * inChannels * outChannels
        let bottleneck = outChannels * mid + mid * mid * 9 + mid * outChannels
        return 49 * (resBlock + bottlenecks * bottleneck)
    }

    /// `size x size x size` SGEMM, best of `repeats`. `size` below 1 counts as 1.
    public static func sgemmPeak(size: Int = 2048, repeats: Int = 3) -> Measurement {
        let size = max(1, size)
        var rng = SplitMix(seed: 1)
        let a = (0..<(size * size)).map { _ in rng.nextFloat() }
        let b = (0..<(size * size)).map { _ in rng.nextFloat() }
        var c = [Float](repeating: 0, count: size * size)
        let seconds = best(of: repeats) {
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        guard let pa = pa.baseAddress, let pb = pb.baseAddress, let pc = pc.baseAddress else { return }
                        Gemm.multiply(m: size, n: size, k: size, a: pa, lda: size, b: pb, ldb: size, c: pc, ldc: size)
                    }
                }
            }
        }
        return Measurement(seconds: seconds, flops: 2 * Double(size) * Double(size) * Double(size))
    }

    /// The Double-Head conv branch on `rois` random 256x7x7 RoI features with random
    /// weights (BN folded: every conv has a bias), in channel-major layout, processing
    /// `chunk` RoIs at a time through all layers (0 = all at once), then global average
    /// pooling. Best of `repeats`. `rois` below 1 counts as 1.
    public static func convHead(rois: Int = 1000, chunk: Int = 128, repeats: Int = 1) -> Measurement {
        let rois = max(1, rois)
        let head = ConvHeadWeights(seed: 7)
        var rng = SplitMix(seed: 11)
        let step = chunk > 0 ? min(chunk, rois) : rois
        let inputs = stride(from: 0, to: rois, by: step).map { start -> Tensor in
            let n = min(step, rois - start)
            return Tensor(shape: [256, n, 7, 7], storage: (0..<(256 * n * 49)).map { _ in rng.nextFloat() })
        }
        var sink: Float = 0
        let seconds = best(of: repeats) {
            for x in inputs {
                let pooled = head.forward(x)
                sink += pooled.storage[0]
            }
        }
        precondition(sink.isFinite, "conv head produced non-finite values")
        return Measurement(seconds: seconds, flops: 2 * Double(convHeadMACsPerRoI()) * Double(rois))
    }

    private static func best(of repeats: Int, _ body: () -> Void) -> Double {
        var best = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<max(1, repeats) {
            let elapsed = clock.measure(body)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
        }
        return best
    }
}

/// Random weights of the Double-Head conv branch (256 -> 1024, 4 bottlenecks).
private struct ConvHeadWeights {
    struct Conv {
        var weight: Tensor
        var bias: [Float]
        var padding: Int
    }
    var resConv1: Conv
    var resConv2: Conv
    var resIdentity: Conv
    var bottlenecks: [(Conv, Conv, Conv)]

    init(seed: UInt64) {
        var rng = SplitMix(seed: seed)
        func conv(_ o: Int, _ c: Int, _ k: Int) -> Conv {
            let scale = (2 / Float(c * k * k)).squareRoot()
            let w = (0..<(o * c * k * k)).map { _ in (rng.nextFloat() * 2 - 1) * scale }
            return Conv(weight: Tensor(shape: [o, c, k, k], storage: w),
                        bias: (0..<o).map { _ in rng.nextFloat() * 0.1 - 0.05 }, padding: k / 2)
        }
        resConv1 = conv(256, 256, 3)
        resConv2 = conv(1024, 256, 1)
        resIdentity = conv(1024, 256, 1)
        bottlenecks = (0..<4).map { _ in (conv(256, 1024, 1), conv(256, 256, 3), conv(1024, 256, 1)) }
    }

    func apply(_ c: Conv, _ x: Tensor, relu: Bool, residual: Tensor? = nil) -> Tensor {
        conv2d(input: x, weight: c.weight, bias: c.bias, padding: c.padding, relu: relu,
               residual: residual, layout: .channelMajor)
    }

    /// `[256, N, 7, 7]` channel-major -> `[N, 1024]`.
    func forward(_ x: Tensor) -> Tensor {
        let identity = apply(resIdentity, x, relu: false)
        var y = apply(resConv2, apply(resConv1, x, relu: true), relu: true, residual: identity)
        for (c1, c2, c3) in bottlenecks {
            let t = apply(c2, apply(c1, y, relu: true), relu: true)
            y = apply(c3, t, relu: true, residual: y)
        }
        return globalAveragePool(input: y, layout: .channelMajor)
    }
}
