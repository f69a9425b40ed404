import Foundation

/// Which method a 3x3 stride-1 convolution uses, looked up in a table measured on this
/// project's benchmark machine with `dhscope bench conv` (2 cores, OpenBLAS 0.3, AVX-512):
/// the nearest measured shape decides. A rule such as "Winograd above N channels" would be
/// wrong at both ends: tiny maps waste most of a tile, and F(2x2) beats F(4x4) where
/// the map is a few tiles across.
public enum ConvolutionChoice {
    /// One measured shape and the fastest method there.
    public struct Entry: Sendable, Hashable {
        public var shape: ConvolutionShape
        public var best: ConvolutionMethod

        public init(_ inChannels: Int, _ outChannels: Int, _ batch: Int, _ height: Int, _ width: Int,
                    _ best: ConvolutionMethod) {
            shape = ConvolutionShape(inChannels: inChannels, outChannels: outChannels, batch: batch,
                                     height: height, width: width)
            self.best = best
        }
    }

    /// The measurements (`dhscope bench conv` on the full-size R50-FPN at 1216x800 with 250
    /// RoIs per chunk, and on the demo model at 256x256 with 100 RoIs).
    public static let table: [Entry] = [
        Entry(64, 64, 1, 200, 304, .winograd(.f4)),
        Entry(128, 128, 1, 100, 152, .winograd(.f4)),
        Entry(256, 256, 1, 50, 76, .winograd(.f4)),
        Entry(512, 512, 1, 25, 38, .winograd(.f4)),
        Entry(256, 256, 1, 200, 304, .winograd(.f4)),
        Entry(256, 256, 1, 100, 152, .winograd(.f4)),
        Entry(256, 256, 1, 25, 38, .winograd(.f4)),
        Entry(256, 256, 1, 13, 19, .winograd(.f2)),
        Entry(256, 256, 1, 2, 2, .winograd(.f2)),
        Entry(256, 256, 1, 1, 1, .direct),
        Entry(256, 256, 250, 7, 7, .winograd(.f4)),
    ]

    /// The method for `shape`: that of the nearest entry of ``table`` (distance in log
    /// channels, log map positions and log batch).
    public static func method(for shape: ConvolutionShape) -> ConvolutionMethod {
        func log2(_ value: Int) -> Double { Foundation.log2(Double(max(1, value))) }
        func distance(_ a: ConvolutionShape, _ b: ConvolutionShape) -> Double {
            abs(log2(a.inChannels) - log2(b.inChannels)) + abs(log2(a.outChannels) - log2(b.outChannels))
                + abs(log2(a.height * a.width) - log2(b.height * b.width)) + 0.5 * abs(log2(a.batch) - log2(b.batch))
        }
        return table.min { distance($0.shape, shape) < distance($1.shape, shape) }?.best ?? .direct
    }
}
