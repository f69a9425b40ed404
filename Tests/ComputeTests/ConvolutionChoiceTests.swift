import Compute
import Testing

/// The method each 3x3 convolution uses follows the measured table: the fastest, except
/// where a larger transform would add much weight memory for little time.
@Suite struct ConvolutionChoiceTests {
    typealias Entry = ConvolutionChoice.Entry

    /// MiB of weights each method keeps for an `in x out` 3x3 layer.
    static func weightMiB(_ method: ConvolutionMethod, _ shape: ConvolutionShape) -> Double {
        let pairs = Double(shape.inChannels * shape.outChannels * 4) / 1_048_576
        switch method {
        case .direct: return 9 * pairs
        case .winograd(let tile): return Double(tile.positions) * pairs
        }
    }

    static func milliseconds(_ method: ConvolutionMethod, _ entry: Entry) -> Double {
        switch method {
        case .direct: return entry.direct
        case .winograd(.f2): return entry.f2
        case .winograd(.f4): return entry.f4
        }
    }

    /// A layer whose every transform adds at most ``ConvolutionChoice/freeMiB`` takes the
    /// fastest method measured for its shape (every such shape of the table).
    @Test func smallLayersTakeTheFastestMeasuredMethod() {
        let small = ConvolutionChoice.table.filter {
            Self.weightMiB(.winograd(.f4), $0.shape) - Self.weightMiB(.direct, $0.shape) <= ConvolutionChoice.freeMiB
        }
        #expect(small.count >= 5)
        for entry in small {
            let fastest = ConvolutionMethod.all.min { Self.milliseconds($0, entry) < Self.milliseconds($1, entry) }
            #expect(ConvolutionChoice.method(for: entry.shape) == fastest, "\(entry.shape)")
        }
    }

    /// A layer with large weights never takes a transform that saves less per image than
    /// ``ConvolutionChoice/millisecondsPerMiB`` per extra MiB over the direct method, and
    /// never a method slower than direct.
    @Test func largeLayersPayForTheirExtraWeights() {
        let large = ConvolutionChoice.table.filter { Self.weightMiB(.direct, $0.shape) > 2 }
        #expect(large.count >= 5)
        for entry in large {
            let method = ConvolutionChoice.method(for: entry.shape)
            let saved = entry.direct - Self.milliseconds(method, entry)
            #expect(saved >= 0, "\(entry.shape)")
            if method != .direct {
                let extra = Self.weightMiB(method, entry.shape) - Self.weightMiB(.direct, entry.shape)
                #expect(saved / extra >= ConvolutionChoice.millisecondsPerMiB, "\(entry.shape) \(method)")
            }
        }
        // More calls per image save more: a head convolution run for many RoI chunks earns
        // its transform where a single call would not.
        let shape = ConvolutionShape(inChannels: 256, outChannels: 256, batch: 50, height: 7, width: 7)
        let once = ConvolutionChoice.method(for: shape, callsPerImage: 1)
        let often = ConvolutionChoice.method(for: shape, callsPerImage: 20)
        #expect(Self.weightMiB(often, shape) >= Self.weightMiB(once, shape))
    }

    /// A shape between table entries takes its nearest entry's method: a 7x7 RoI batch near
    /// the demo head's measurement, not a whole-image map with the same channels.
    @Test func nearestEntryDecides() throws {
        let head = try #require(ConvolutionChoice.table.first { $0.shape.height == 7 && $0.shape.inChannels == 64 })
        var near = head.shape
        near.batch += 3
        #expect(ConvolutionChoice.method(for: near) == ConvolutionChoice.method(for: head.shape))
    }
}
