import Foundation
import Imaging
import Testing

struct ResizeTests {
    struct Bilinear: Decodable {
        var width: Int
        var height: Int
        var source: [Float]
        var resized: [String: [Float]]
    }

    @Test func bilinearMatchesOpenCV() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixtureFiles.path("bilinear.json")))
        let fixture = try JSONDecoder().decode(Bilinear.self, from: data)
        #expect(fixture.resized.count == 5)
        for (size, expected) in fixture.resized {
            let parts = size.split(separator: "x").compactMap { Int($0) }
            let out = BilinearResize.resize(fixture.source, width: fixture.width, height: fixture.height, channels: 3,
                                            toWidth: parts[0], toHeight: parts[1])
            #expect(out.count == expected.count)
            let worst = zip(out, expected).map { abs($0 - $1) }.max() ?? .infinity
            #expect(worst < 1e-3, "\(size): max difference \(worst)")
        }
    }

    @Test func areaAverageOfAnExactMultipleIsTheBlockMean() throws {
        // 4x2 -> 2x1: each output is the mean of a 2x2 block.
        let pixels: [UInt8] = [0, 0, 0, 10, 10, 10, 100, 100, 100, 200, 200, 200,
                               20, 20, 20, 30, 30, 30, 50, 50, 50, 51, 51, 51]
        let image = try #require(RGBImage(width: 4, height: 2, pixels: pixels))
        let small = AreaResize.resize(image, width: 2, height: 1)
        #expect(small.pixels == [15, 15, 15, 100, 100, 100])
    }

    @Test func areaAverageHandlesFractionalFootprints() throws {
        // 3 -> 2 columns: output 0 = p0 + p1 / 2 over 1.5 pixels.
        let image = try #require(RGBImage(width: 3, height: 1, pixels: [0, 0, 0, 90, 90, 90, 180, 180, 180]))
        let out = AreaResize.resize(image, width: 2, height: 1)
        #expect(out.pixels == [30, 30, 30, 150, 150, 150])
    }
}
