import Dispatch

/// Times every ``ConvolutionMethod`` on given 3x3 stride-1 convolution shapes (random data,
/// best of `repeats` after a warm-up) and checks each against the direct convolution: the
/// measurements ``ConvolutionChoice``'s table is made of (`dhscope bench conv`). Shapes of
/// more than one map (the conv head's RoI parts) run as the head runs them: one copy per
/// core at once, each on one BLAS thread; single maps (one image) use every core.
public struct ConvolutionBenchmark: Sendable {
    /// One shape's timings.
    public struct Row: Sendable, Encodable {
        public var shape: ConvolutionShape
        /// Best milliseconds per method, in ``ConvolutionMethod/all``'s order.
        public var milliseconds: [Double]
        /// Largest absolute difference from the direct convolution's output, per method.
        public var maxError: [Double]
        /// The fastest method.
        public var best: ConvolutionMethod

        enum CodingKeys: String, CodingKey { case shape, methods, best }
        enum ShapeKeys: String, CodingKey { case inChannels = "in", outChannels = "out", batch, height, width }
        struct Method: Encodable { var name: String; var ms: Double; var maxError: Double
            enum CodingKeys: String, CodingKey { case name, ms, maxError = "max_error" } }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            var s = container.nestedContainer(keyedBy: ShapeKeys.self, forKey: .shape)
            try s.encode(shape.inChannels, forKey: .inChannels)
            try s.encode(shape.outChannels, forKey: .outChannels)
            try s.encode(shape.batch, forKey: .batch)
            try s.encode(shape.height, forKey: .height)
            try s.encode(shape.width, forKey: .width)
            try container.encode(zip(ConvolutionMethod.all, zip(milliseconds, maxError)).map {
                Method(name: $0.description, ms: ($1.0 * 1000).rounded() / 1000, maxError: $1.1)
            }, forKey: .methods)
            try container.encode(best.description, forKey: .best)
        }
    }

    public var shapes: [ConvolutionShape]
    public var repeats: Int

    public init(shapes: [ConvolutionShape], repeats: Int = 3) {
        self.shapes = shapes
        self.repeats = repeats
    }

    /// Measures every shape.
    public func run() -> [Row] {
        shapes.map(measure)
    }

    private func measure(_ shape: ConvolutionShape) -> Row {
        var rng = SplitMix(seed: 7)
        let input = Tensor(shape: [shape.inChannels, shape.batch, shape.height, shape.width]) { buffer in
            for i in buffer.indices { buffer[i] = rng.nextFloat() * 2 - 1 }
        }
        let scale = 1 / Float(3 * shape.inChannels).squareRoot()
        let weight = Tensor(shape: [shape.outChannels, shape.inChannels, 3, 3]) { buffer in
            for i in buffer.indices { buffer[i] = (rng.nextFloat() * 2 - 1) * scale }
        }
        let bias = (0..<shape.outChannels).map { _ in rng.nextFloat() - 0.5 }
        var milliseconds: [Double] = [], errors: [Double] = []
        var reference: Tensor?
        for method in ConvolutionMethod.all {
            let run: () -> Tensor
            switch method {
            case .direct:
                run = { conv2d(input: input, weight: weight, bias: bias, padding: 1, relu: true, layout: .channelMajor) }
            case .winograd(let tile):
                let transformed = WinogradWeights(weight: weight, tile: tile)
                run = { winogradConv2d(input: input, weights: transformed, bias: bias, relu: true, layout: .channelMajor) }
            }
            var output = run()
            var best = Double.infinity
            for _ in 0..<max(1, repeats) {
                let start = DispatchTime.now().uptimeNanoseconds
                if shape.batch > 1 {
                    Parallel.for(Parallel.coreCount) { _ in _ = run() }
                } else {
                    output = run()
                }
                best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
            }
            milliseconds.append(best)
            if let reference {
                errors.append(zip(reference.storage, output.storage).reduce(0) { max($0, Double(abs($1.0 - $1.1))) })
            } else {
                reference = output
                errors.append(0)
            }
        }
        let fastest = milliseconds.indices.min { milliseconds[$0] < milliseconds[$1] } ?? 0
        return Row(shape: shape, milliseconds: milliseconds, maxError: errors, best: ConvolutionMethod.all[fastest])
    }
}
