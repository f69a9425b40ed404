import ArgumentParser
import Compute
import Detector

/// `dhscope bench conv`: every 3x3 stride-1 convolution of a model, im2col against Winograd.
struct BenchConvCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "conv",
        abstract: "Time im2col and Winograd on every 3x3 convolution shape of a model.",
        discussion: """
            Random data of each layer's shape (channels, map, RoIs per chunk), best of \
            --iterations; max_error is the largest difference from im2col's output. The \
            measurements behind the method each layer uses (ConvolutionChoice).

            --json writes [{shape: {in, out, batch, height, width}, methods: [{name, ms, \
            max_error}], best}].

            Examples:
              dhscope bench conv --iterations 1
              dhscope bench conv --arch r50-fpn --size 1216x800 --rois 240
            """)

    @OptionGroup var modelOptions: ModelOptions

    @Option(help: "Instead of a checkpoint, the full-size architecture: r50-fpn or r101-fpn.")
    var arch: String?

    @Option(parsing: .unconditional, help: ArgumentHelp("Padded input size in pixels.", valueName: "WxH"),
            transform: GridSize.parse)
    var size = GridSize(width: 256, height: 256)

    @Option(parsing: .unconditional, help: "RoIs per conv-head chunk, 1 to 4096.")
    var rois = 200

    @Option(parsing: .unconditional, help: "Timed runs per method (the best is kept), 1 or more.")
    var iterations = 3

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard size.width * size.height <= 50_000_000 else {
            throw ValidationError("--size \(size) is out of range: at most 50 million pixels")
        }
        try NumberCheck.check(iterations, "--iterations", atLeast: 1)
        try NumberCheck.check(rois, "--rois", within: 1...4096)
        if let arch, ModelConfig.fullSize(named: arch) == nil {
            throw ValidationError("--arch \(arch) is not known: give \(ModelConfig.fullSizeArchitectures.joined(separator: " or "))")
        }
    }

    func run() throws {
        try Gemm.requireLibrary()
        let config = try arch.flatMap(ModelConfig.fullSize(named:)) ?? modelOptions.load().config
        let layers = config.threeByThreeLayers(width: size.width, height: size.height, rois: rois)
        let rows = ConvolutionBenchmark(shapes: layers.map(\.shape), repeats: iterations).run()
        if json {
            print(try JSONOutput.encode(rows))
            return
        }
        print("layer                         shape                    " + ConvolutionMethod.all.map {
            $0.description.padding(toLength: 15, withPad: " ", startingAt: 0) }.joined() + " best (max error)")
        for (layer, row) in zip(layers, rows) {
            let times = row.milliseconds.map { String(format: "%9.2f ms    ", $0) }.joined()
            let error = row.maxError.dropFirst().map { String(format: "%.1e", $0) }.joined(separator: "/")
            print(layer.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + row.shape.description.padding(toLength: 25, withPad: " ", startingAt: 0) + times + "\(row.best) (\(error))")
        }
    }
}
