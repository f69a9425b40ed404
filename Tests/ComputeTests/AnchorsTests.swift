import Compute
import Testing

private struct AnchorCase: Decodable {
    var stride: Int
    var height: Int
    var width: Int
    var scales: [Double]
    var ratios: [Double]
    var anchors: [Float]
}

@Suite struct AnchorsTests {
    @Test func matchReferenceGenerator() throws {
        for c in try loadFixture("anchors.json", as: [AnchorCase].self) {
            let generator = AnchorGenerator(strides: [c.stride], scales: c.scales, ratios: c.ratios)
            let anchors = generator.gridAnchors(level: 0, height: c.height, width: c.width)
            #expect(flat(anchors) == c.anchors, "stride \(c.stride) scales \(c.scales)")
        }
    }

    @Test func baseAnchorsByHand() {
        let base = AnchorGenerator().baseAnchors(stride: 4)
        #expect(base.count == 3)
        // Ratio 1: a 32x32 square centred on the origin; ratio 0.5 is wide, 2 is tall.
        #expect(base[1] == Box(x1: -16, y1: -16, x2: 16, y2: 16))
        #expect(base[0].width > base[0].height && base[2].height > base[2].width)
        #expect(abs(base[0].width * base[0].height - 1024) < 1e-3)
    }
}
