import Imaging
import TestSupport
import Testing
@testable import Rendering

/// The eight-lane search of xterm's entries 16-255 against the scalar one it replaces in
/// the fitter's hot loop: the same colour for every input, and the same cells.
@Suite struct XtermLaneSearchTests {
    /// Channel values where the answer changes: the cube's midpoints and the greys'
    /// (sums 3 * (13 + 10k)), a float step either side, and the ends.
    static let edges: [Float] = {
        var values: [Float] = [0, 255, 0.25, 254.75]
        for m: Float in [47.5, 115, 155, 195, 235] + (0..<23).map({ Float(13 + 10 * $0) }) {
            values += [m, m.nextDown, m.nextUp]
        }
        return values
    }()

    @Test func lanesGiveTheScalarColourEverywhere() {
        var inputs: [SIMD3<Float>] = []
        for r in Self.edges { for g in Self.edges { inputs.append(SIMD3(r, g, Self.edges[(inputs.count * 7) % Self.edges.count])) } }
        var random = SplitMix(seed: 256)
        for _ in 0..<20_000 {
            func channel() -> Float { Float(random.next() >> 40) / Float(1 << 24) * 255 }
            inputs.append(SIMD3(channel(), channel(), channel()))
        }
        for grey in stride(from: Float(0), through: 255, by: 0.125) {  // every grey midpoint, nudged
            inputs.append(SIMD3(grey, grey, grey))
            inputs.append(SIMD3(grey, grey.nextUp, grey.nextDown))
        }
        var mismatches = 0
        for start in stride(from: 0, to: inputs.count, by: 8) {
            let chunk = (0..<8).map { inputs[min(start + $0, inputs.count - 1)] }
            let lanes = XtermCubeLanes.nearest(SIMD8(chunk.map(\.x)), SIMD8(chunk.map(\.y)), SIMD8(chunk.map(\.z)))
            for (lane, q) in chunk.enumerated() {
                let scalar = NearestColorSearch.nearestXterm(SIMD4(q.x, q.y, q.z, 0)).value
                if SIMD3(lanes.r[lane], lanes.g[lane], lanes.b[lane]) != SIMD3(scalar.x, scalar.y, scalar.z) {
                    mismatches += 1
                    if mismatches < 5 { Issue.record("\(q): lanes \(lanes.r[lane]), \(lanes.g[lane]), \(lanes.b[lane]) scalar \(scalar)") }
                }
            }
        }
        #expect(mismatches == 0)
        #expect(inputs.count > 30_000)
    }

    /// Every cell of real images, in every symbol set, plain and dithered, with boxes over
    /// them, and with the uniform-cell shortcut off so that every cell is searched.
    @Test func laneSearchPicksTheScalarScansCells() throws {
        let decoder = ImageDecoder()
        for name in ["astronaut.png", "coffee.png", "shapes_s3_00000.png"] {
            let image = try decoder.decodeRGB(contentsOf: RepositoryFiles.path("Samples/images/" + name))
            let boxes = [BoxOverlay(x1: 20, y1: 30, x2: 200, y2: 150, color: RGBColor(230, 60, 20))]
            for set in SymbolSet.allCases {
                let geometry = SymbolGeometry.of(set)
                let field = AtomSampler.sample(image, columns: 30, rows: 12, geometry: geometry)
                let rasterizer = OverlayRasterizer(geometry: geometry, columns: 30, rows: 12,
                                                   imageWidth: image.width, imageHeight: image.height)
                for overlays in [[:], rasterizer.rasterize(boxes)] {
                    for dither in [false, true] {
                        var fitter = SymbolFitter(geometry: geometry, mode: .ansi256, dither: dither)
                        fitter.skipsUniformCells = false
                        let lanes = fitter.fit(field, overlays: overlays)
                        fitter.scoresSplitsInLanes = false
                        let scalar = fitter.fit(field, overlays: overlays)
                        let differing = zip(lanes.cells, scalar.cells).filter { $0 != $1 }.count
                        #expect(differing == 0, "\(name) \(set) dither \(dither) overlays \(overlays.count): \(differing) cells differ")
                    }
                }
            }
        }
    }
}
