import Compute
import Testing

private struct CoderFixture: Decodable {
    struct Case: Decodable {
        var name: String
        var means: [Float]
        var stds: [Float]
        var max_shape: [Float]?
        var output: [Float]
    }
    var rois: [Float]
    var deltas: StoredTensor
    var cases: [Case]
    var targets: [Float]
    var encoded: [Float]
}

@Suite struct BoxCoderTests {
    @Test func decodeMatchesMMDetection() throws {
        let f = try loadFixture("box_coder.json", as: CoderFixture.self)
        for c in f.cases {
            let coder = DeltaXYWHBBoxCoder(means: SIMD4(c.means), stds: SIMD4(c.stds))
            let shape = c.max_shape.map { (height: $0[0], width: $0[1]) }
            let out = coder.decode(rois: boxes(f.rois), deltas: f.deltas.tensor, maxShape: shape)
            expectClose(flat(out), c.output, rtol: 1e-5, atol: 1e-4, c.name)
        }
    }

    @Test func encodeMatchesReferenceAndInvertsDecode() throws {
        let f = try loadFixture("box_coder.json", as: CoderFixture.self)
        let encoded = DeltaXYWHBBoxCoder.rcnn.encode(proposals: boxes(f.rois), targets: boxes(f.targets))
        expectClose(encoded.storage, f.encoded, rtol: 1e-5, atol: 1e-5, "encode")
        let decoded = DeltaXYWHBBoxCoder.rcnn.decode(rois: boxes(f.rois), deltas: encoded)
        expectClose(flat(decoded), f.targets, rtol: 1e-5, atol: 1e-3, "round trip")
    }

    @Test func clampsLogScaleOnBothSides() {
        let coder = DeltaXYWHBBoxCoder.rpn
        let box = Box(x1: 0, y1: 0, x2: 16, y2: 16)
        let big = coder.decode(box, delta: SIMD4(0, 0, 100, -100))
        // exp(4.1352) = 62.5; 16 * 62.5 = 1000 wide, 16 / 62.5 = 0.256 tall, centred on 8.
        #expect(abs(big.width - 1000) < 1e-2)
        #expect(abs(big.height - 0.256) < 1e-5)
        #expect(abs((big.x1 + big.x2) / 2 - 8) < 1e-3)
        let clipped = coder.decode(box, delta: SIMD4(0, 0, 100, 0), maxShape: (height: 10, width: 20))
        #expect(clipped == Box(x1: 0, y1: 0, x2: 20, y2: 10))
    }
}
