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

    /// `dhscope bench conv --arch r50-fpn --size 1216x800 --rois 10` and `--rois 25`, and
    /// `dhscope bench conv --size 256x256 --rois 41` (the demo model), 2 cores, 2026-12-02.
    public static let table: [Entry] = [
        Entry(64, 64, 1, 200, 304, direct: 151.87, f2: 76.49, f4: 53.51),
        Entry(128, 128, 1, 100, 152, direct: 103.48, f2: 83.16, f4: 33.32),
        Entry(256, 256, 1, 50, 76, direct: 59.88, f2: 46.18, f4: 25.40),
        Entry(512, 512, 1, 25, 38, direct: 96.25, f2: 37.31, f4: 24.80),
        Entry(256, 256, 1, 200, 304, direct: 966.10, f2: 610.94, f4: 399.30),
        Entry(256, 256, 1, 100, 152, direct: 230.16, f2: 143.81, f4: 94.00),
        Entry(256, 256, 1, 25, 38, direct: 13.89, f2: 9.79, f4: 7.38),
        Entry(256, 256, 1, 13, 19, direct: 3.71, f2: 2.79, f4: 3.12),
        Entry(256, 256, 25, 7, 7, direct: 19.73, f2: 16.96, f4: 10.98),
        Entry(256, 256, 50, 7, 7, direct: 70.82, f2: 54.85, f4: 33.64),
        Entry(32, 32, 1, 64, 64, direct: 0.86, f2: 1.95, f4: 0.94),
        Entry(64, 64, 1, 32, 32, direct: 0.90, f2: 1.39, f4: 0.75),
        Entry(128, 128, 1, 16, 16, direct: 0.65, f2: 0.87, f4: 0.49),
        Entry(256, 256, 1, 8, 8, direct: 0.71, f2: 0.89, f4: 1.25),
        Entry(64, 64, 1, 64, 64, direct: 3.72, f2: 4.67, f4: 2.74),
        Entry(64, 64, 1, 16, 16, direct: 0.24, f2: 0.35, f4: 0.20),
        Entry(64, 64, 1, 8, 8, direct: 0.08, f2: 0.10, f4: 0.08),
        Entry(64, 64, 1, 4, 4, direct: 0.02, f2: 0.03, f4: 0.07),
        Entry(64, 64, 41, 7, 7, direct: 5.80, f2: 5.13, f4: 2.85),
    ]

    /// The method for `shape`, called `callsPerImage` times per image, from the nearest entry
    /// of ``table`` (distance in log channels, log map positions and log batch): the fastest,
    /// unless a larger transform saves less than ``millisecondsPerMiB`` per image per extra
    /// MiB of weights over a smaller one.
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
            if saved / (candidate.mib - chosen.mib) >= millisecondsPerMiB { chosen = candidate }
        }
        return chosen.0
    }
}
