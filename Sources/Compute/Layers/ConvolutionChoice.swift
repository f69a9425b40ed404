import Foundation

/// Which method a 3x3 stride-1 convolution uses, looked up in a table measured on this
/// project's benchmark machine with `dhscope bench conv` (2 cores, OpenBLAS 0.3, AVX-512):
/// the nearest measured shape decides. A rule such as "Winograd above N channels" would be
/// wrong at both ends: tiny maps waste most of a tile, and F(2x2) beats F(4x4) where
/// the map is a few tiles across.
public enum ConvolutionChoice {
    /// One measured shape: the best milliseconds of im2col, Winograd F(2x2) and F(4x4).
    public struct Entry: Sendable, Hashable {
        public var shape: ConvolutionShape
        public var direct: Double, f2: Double, f4: Double

        public init(_ inChannels: Int, _ outChannels: Int, _ batch: Int, _ height: Int, _ width: Int,
                    direct: Double, f2: Double, f4: Double) {
            shape = ConvolutionShape(inChannels: inChannels, outChannels: outChannels, batch: batch,
                                     height: height, width: width)
            self.direct = direct
            self.f2 = f2
            self.f4 = f4
        }
    }

    /// Milliseconds per image a larger weight transform must save per extra MiB of weights
    /// it keeps (F(4x4) keeps 36/9 of the original weights, F(2x2) 16/9): the detector's peak
    /// memory may not grow, so a layer with large weights and a small map takes the smaller tile.
    public static let millisecondsPerMiB = 5.0

    /// Extra MiB of weights a larger transform may add to one layer on time alone, however
    /// little it saves: so little cannot move the detector's peak memory (a 64-channel 3x3
    /// convolution's F(4x4) weights add 0.42 MiB), and the demo model's layers save well under
    /// a millisecond each, which the rule above would never grant them.
    public static let freeMiB = 1.0

    /// `dhscope bench conv --arch r50-fpn --size 1216x800 --rois 50` and `--rois 25` (R50's
    /// head runs parts of 50 RoIs), and `dhscope bench conv --size 320x256 --rois 16` (the demo
    /// model: its test scale, parts of 16 RoIs); 2 cores of an AMD EPYC with AVX-512, OpenBLAS's
    /// SkylakeX kernels, 2026-12-03; the best time of each method over both R50 runs.
    public static let table: [Entry] = [
        Entry(64, 64, 1, 200, 304, direct: 35.73, f2: 29.43, f4: 15.76),
        Entry(128, 128, 1, 100, 152, direct: 28.37, f2: 18.37, f4: 11.69),
        Entry(256, 256, 1, 50, 76, direct: 24.85, f2: 14.64, f4: 10.53),
        Entry(512, 512, 1, 25, 38, direct: 27.88, f2: 13.54, f4: 10.80),
        Entry(256, 256, 1, 200, 304, direct: 431.08, f2: 272.39, f4: 176.63),
        Entry(256, 256, 1, 100, 152, direct: 102.06, f2: 61.13, f4: 36.02),
        Entry(256, 256, 1, 25, 38, direct: 6.84, f2: 3.64, f4: 2.70),
        Entry(256, 256, 1, 13, 19, direct: 1.66, f2: 1.16, f4: 1.09),
        Entry(256, 256, 25, 7, 7, direct: 16.46, f2: 12.32, f4: 8.44),
        Entry(256, 256, 50, 7, 7, direct: 34.42, f2: 25.76, f4: 15.02),
        Entry(32, 32, 1, 64, 80, direct: 1.01, f2: 0.93, f4: 0.49),
        Entry(64, 64, 1, 32, 40, direct: 0.69, f2: 0.56, f4: 0.32),
        Entry(128, 128, 1, 16, 20, direct: 0.60, f2: 0.49, f4: 0.28),
        Entry(256, 256, 1, 8, 10, direct: 0.63, f2: 0.46, f4: 0.33),
        Entry(64, 64, 1, 64, 80, direct: 3.10, f2: 2.48, f4: 1.40),
        Entry(64, 64, 1, 16, 20, direct: 0.23, f2: 0.16, f4: 0.12),
        Entry(64, 64, 1, 8, 10, direct: 0.09, f2: 0.05, f4: 0.05),
        Entry(64, 64, 1, 4, 5, direct: 0.02, f2: 0.02, f4: 0.04),
        Entry(64, 64, 16, 7, 7, direct: 0.99, f2: 0.79, f4: 0.47),
    ]

    /// The method for `shape`, called `callsPerImage` times per image, from the nearest entry
    /// of ``table`` (distance in log channels, log map positions and log batch): the fastest,
    /// unless a larger transform adds more than ``freeMiB`` of weights and saves less than
    /// ``millisecondsPerMiB`` per image per extra MiB over a smaller one.
    public static func method(for shape: ConvolutionShape, callsPerImage: Int = 1) -> ConvolutionMethod {
        func log2(_ value: Int) -> Double { Foundation.log2(Double(max(1, value))) }
        func distance(_ a: ConvolutionShape, _ b: ConvolutionShape) -> Double {
            abs(log2(a.inChannels) - log2(b.inChannels)) + abs(log2(a.outChannels) - log2(b.outChannels))
                + abs(log2(a.height * a.width) - log2(b.height * b.width)) + 0.5 * abs(log2(a.batch) - log2(b.batch))
        }
        guard let entry = table.min(by: { distance($0.shape, shape) < distance($1.shape, shape) }) else { return .direct }
        // Extra MiB of weights per weight element of the 3x3 kernel (9 floats) for each method.
        let pairsMiB = Double(shape.inChannels * shape.outChannels * 4) / 1_048_576
        let candidates: [(ConvolutionMethod, ms: Double, mib: Double)] = [
            (.direct, entry.direct, 9 * pairsMiB), (.winograd(.f2), entry.f2, 16 * pairsMiB),
            (.winograd(.f4), entry.f4, 36 * pairsMiB),
        ]
        var chosen = candidates[0]
        for candidate in candidates.dropFirst() where candidate.ms < chosen.ms {
            let saved = (chosen.ms - candidate.ms) * Double(max(1, callsPerImage))
            let extra = candidate.mib - chosen.mib
            if extra <= freeMiB || saved / extra >= millisecondsPerMiB { chosen = candidate }
        }
        return chosen.0
    }
}
