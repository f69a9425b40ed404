import Foundation
import Imaging
import Testing

struct PNGDecodingTests {
    struct Cases: Decodable {
        var png_cases: [String]
        var width: Int
        var height: Int
    }

    static let cases: [String] = {
        guard let data = try? Data(contentsOf: URL(fileURLWithPath: fixtureFiles.path("cases.json"))),
              let c = try? JSONDecoder().decode(Cases.self, from: data) else { return [] }
        return c.png_cases
    }()

    @Test func fixtureListIsComplete() {
        // Every colour type and depth the fixture script writes.
        #expect(Self.cases.count == 24)
    }

    @Test(arguments: cases)
    func decodesExactly(_ name: String) throws {
        let image = try ImageDecoder().decode(contentsOf: fixtureFiles.path(name + ".png"))
        let expected = fixtureFiles.bytes(name + ".rgba")
        #expect(image.width == 13)
        #expect(image.height == 9)
        #expect(image.pixels == expected, "\(name) differs from the source samples")
        let transparent = name.contains("trns") || name.hasPrefix("palette") || name.hasPrefix("graya") || name.hasPrefix("rgba")
        #expect(image.hasAlpha == transparent)
    }

    @Test func compositesAlphaOnBackground() throws {
        let image = try ImageDecoder().decode(contentsOf: fixtureFiles.path("rgba8.png"))
        let white = image.composited(on: .white)
        for p in 0..<(image.width * image.height) {
            let a = Int(image.pixels[p * 4 + 3])
            for c in 0..<3 {
                let v = Int(image.pixels[p * 4 + c])
                #expect(Int(white.pixels[p * 3 + c]) == (v * a + 255 * (255 - a) + 127) / 255)
            }
        }
    }
}
