import Foundation
import Imaging
import TestSupport
import Testing
@testable import Rendering

struct SymbolFittingTests {
    /// An image whose cells are exactly two-coloured along a glyph's mask, at 8x16 pixels a cell.
    static func patternImage(_ geometry: SymbolGeometry, columns: Int, rows: Int, seed: UInt64)
        -> (RGBImage, [[UInt64]], [[(RGBColor, RGBColor)]]) {
        var rng = SplitMix(seed: seed)
        var image = RGBImage(width: columns * 8, height: rows * 16)
        var masks: [[UInt64]] = []
        var colors: [[(RGBColor, RGBColor)]] = []
        for r in 0..<rows {
            var maskRow: [UInt64] = [], colorRow: [(RGBColor, RGBColor)] = []
            for c in 0..<columns {
                let symbol = geometry.symbols[Int(rng.next() % UInt64(geometry.symbols.count))]
                let fg = RGBColor(UInt8(rng.next() % 256), UInt8(rng.next() % 256), UInt8(rng.next() % 256))
                let bg = RGBColor(UInt8(rng.next() % 256), UInt8(rng.next() % 256), UInt8(rng.next() % 256))
                for y in 0..<16 {
                    for x in 0..<8 {
                        let ax = (1..<geometry.columns.count).first { x < geometry.columns[$0] }.map { $0 - 1 } ?? 0
                        let ay = (1..<geometry.rows.count).first { y < geometry.rows[$0] }.map { $0 - 1 } ?? 0
                        let on = symbol.mask >> UInt64(ay * geometry.atomColumns + ax) & 1 == 1
                        image[c * 8 + x, r * 16 + y] = on ? fg : bg
                    }
                }
                maskRow.append(symbol.mask)
                colorRow.append((fg, bg))
            }
            masks.append(maskRow)
            colors.append(colorRow)
        }
        return (image, masks, colors)
    }

    @Test(arguments: SymbolSet.allCases)
    func exactPatternsAreReproducedExactly(_ set: SymbolSet) {
        let geometry = SymbolGeometry.of(set)
        let (image, _, _) = Self.patternImage(geometry, columns: 12, rows: 6, seed: 7)
        let grid = ImageRenderer(symbols: set, mode: .truecolor).render(image, columns: 12, rows: 6)
        let replay = GridReplay(geometry: geometry, grid: grid)
        var mismatches = 0
        for ay in 0..<(6 * geometry.atomRows) {
            for ax in 0..<(12 * geometry.atomColumns) {
                // Any pixel of the atom carries the atom's colour.
                let x = (ax / geometry.atomColumns) * 8 + geometry.columns[ax % geometry.atomColumns]
                let y = (ay / geometry.atomRows) * 16 + geometry.rows[ay % geometry.atomRows]
                if replay.color(atomColumn: ax, atomRow: ay) != image[x, y] { mismatches += 1 }
            }
        }
        #expect(mismatches == 0, "\(set): \(mismatches) atoms differ")
    }

    @Test(arguments: [SymbolSet.half, .quad, .sextant, .braille, .ascii])
    func choiceIsOptimalAgainstBruteForce(_ set: SymbolSet) {
        // Random cells at 8x16 pixels: no glyph may give a smaller squared error than the chosen one.
        let geometry = SymbolGeometry.of(set)
        var rng = SplitMix(seed: 99)
        var image = RGBImage(width: 4 * 8, height: 3 * 16)
        for i in 0..<image.pixels.count { image.pixels[i] = UInt8(rng.next() % 256) }
        let grid = ImageRenderer(symbols: set, mode: .truecolor).render(image, columns: 4, rows: 3)
        for r in 0..<3 {
            for c in 0..<4 {
                func error(mask: UInt64, fg: RGBColor?, bg: RGBColor?) -> Double {
                    var sums = [[Double]](repeating: [0, 0, 0, 0], count: 2)
                    var pixels: [(Int, RGBColor)] = []
                    for y in 0..<16 {
                        for x in 0..<8 {
                            let ax = (1..<geometry.columns.count).first { x < geometry.columns[$0] }.map { $0 - 1 } ?? 0
                            let ay = (1..<geometry.rows.count).first { y < geometry.rows[$0] }.map { $0 - 1 } ?? 0
                            let part = mask >> UInt64(ay * geometry.atomColumns + ax) & 1 == 1 ? 0 : 1
                            let p = image[c * 8 + x, r * 16 + y]
                            sums[part][0] += Double(p.r); sums[part][1] += Double(p.g); sums[part][2] += Double(p.b)
                            sums[part][3] += 1
                            pixels.append((part, p))
                        }
                    }
                    let means = sums.map { s in s[3] > 0 ? [s[0] / s[3], s[1] / s[3], s[2] / s[3]] : [0, 0, 0] }
                    let given = [fg, bg].map { $0.map { [Double($0.r), Double($0.g), Double($0.b)] } }
                    return pixels.reduce(0) { e, item in
                        let m = given[item.0] ?? means[item.0]
                        return e + pow(Double(item.1.r) - m[0], 2) + pow(Double(item.1.g) - m[1], 2) + pow(Double(item.1.b) - m[2], 2)
                    }
                }
                let cell = grid[c, r]
                guard let chosen = geometry.symbols.first(where: { $0.scalar == cell.scalar }),
                      case .rgb(let fg) = cell.foreground, case .rgb(let bg) = cell.background else {
                    Issue.record("unexpected cell \(cell)")
                    continue
                }
                let ours = error(mask: chosen.mask, fg: fg, bg: bg)
                let best = geometry.symbols.map { error(mask: $0.mask, fg: nil, bg: nil) }.min() ?? 0
                // Our colours are rounded to 8 bits: allow that rounding (at most 0.5 a channel a pixel).
                #expect(ours <= best + 128 * 3 * 0.25 + 1e-6, "\(set) cell \(c),\(r): \(ours) > \(best)")
            }
        }
    }

    @Test func paletteModesUseOnlyTheCubeAndGreys() {
        let geometry = SymbolGeometry.of(.sextant)
        let (image, _, _) = Self.patternImage(geometry, columns: 10, rows: 5, seed: 3)
        for dither in [false, true] {
            let grid = ImageRenderer(symbols: .sextant, mode: .ansi256, dither: dither).render(image, columns: 10, rows: 5)
            for cell in grid.cells {
                for color in [cell.foreground, cell.background] {
                    guard case .indexed(let n) = color else { Issue.record("not indexed: \(color)"); continue }
                    #expect(n >= 16, "terminal-defined entry \(n) used")
                }
            }
        }
        let sixteen = ImageRenderer(symbols: .quad, mode: .ansi16).render(image, columns: 10, rows: 5)
        for cell in sixteen.cells {
            guard case .indexed(let n) = cell.background else { Issue.record("not indexed"); continue }
            #expect(n < 16)
        }
    }

    @Test(arguments: [ColorMode.ansi256, .ansi16])
    func uniformCellShortcutChangesNothing(_ mode: ColorMode) throws {
        // Against the full search on every cell of real images, plain and dithered.
        let decoder = ImageDecoder()
        for name in ["astronaut.png", "coffee.png", "shapes_s3_00000.png"] {
            let image = try decoder.decodeRGB(contentsOf: RepositoryFiles.path("Samples/images/" + name))
            for set in [SymbolSet.sextant, .quad, .ascii] {
                let geometry = SymbolGeometry.of(set)
                let field = AtomSampler.sample(image, columns: 60, rows: 24, geometry: geometry)
                for dither in [false, true] {
                    var fitter = SymbolFitter(geometry: geometry, mode: mode, dither: dither)
                    let fast = fitter.fit(field)
                    fitter.skipsUniformCells = false
                    let full = fitter.fit(field)
                    let differing = zip(fast.cells, full.cells).filter { $0 != $1 }.count
                    #expect(differing == 0, "\(name) \(set) \(mode) dither \(dither): \(differing) cells differ")
                }
            }
        }
    }

    @Test func paletteMapsItsOwnColoursToThemselves() {
        for n in 16...255 {
            let c = Palette.xterm256(UInt8(n))
            #expect(Palette.cube240(.rgb).nearest(Float(c.r), Float(c.g), Float(c.b)).color == c)
        }
    }

    @Test func monochromeUsesNoColours() {
        let image = RGBImage(width: 16, height: 32, fill: .white)
        let grid = ImageRenderer(symbols: .sextant, mode: .none).render(image, columns: 2, rows: 2)
        #expect(grid.cells.allSatisfy { $0.foreground == .default && $0.background == .default })
        // White on the assumed black background: full ink.
        #expect(grid.cells.allSatisfy { $0.scalar == "\u{2588}" })
        let ascii = ImageRenderer(symbols: .ascii, mode: .none).render(image, columns: 2, rows: 2)
        #expect(ascii.cells.allSatisfy { $0.scalar == "#" })
    }

    @Test func asciiGlyphsArePrintableASCIIWithDistinctMasks() {
        let geometry = SymbolGeometry.of(.ascii)
        #expect(geometry.symbols.allSatisfy { (0x20...0x7E).contains($0.scalar.value) })
        #expect(Set(geometry.symbols.map(\.mask)).count == geometry.symbols.count)
        #expect(geometry.symbols.first?.scalar == " " && geometry.symbols.first?.mask == 0)
        #expect(geometry.symbols.contains { $0.scalar == "#" && $0.mask == 0b111111 })
        // Space/#, the three rows, the halves and four corners.
        #expect(geometry.splits.count == 9)
    }

    @Test(arguments: [ColorMode.truecolor, .ansi256, .ansi16])
    func flatColourIsSpacesInTheBackground(_ mode: ColorMode) {
        // Flat colour is a tie between every split: the space must win, with no stray glyph
        // (rounding in the sums must not pick one), in every set.
        for color in [RGBColor(37, 90, 200), RGBColor(250, 250, 250), RGBColor(3, 2, 1), RGBColor(128, 64, 192)] {
            let image = RGBImage(width: 97, height: 61, fill: color)
            for set in SymbolSet.allCases {
                let grid = ImageRenderer(symbols: set, mode: mode).render(image, columns: 13, rows: 7)
                let glyphs = Set(grid.cells.map(\.scalar))
                #expect(glyphs == [" "], "\(set) \(mode) \(color): \(glyphs)")
                #expect(Set(grid.cells.map(\.background)).count == 1)
            }
        }
    }

    @Test func glyphTablesMatchUnicode() {
        // Spot checks against the code charts.
        #expect(SymbolGeometry.sextantScalar(1) == "\u{1FB00}")
        #expect(SymbolGeometry.sextantScalar(20) == "\u{1FB13}")
        #expect(SymbolGeometry.sextantScalar(22) == "\u{1FB14}")
        #expect(SymbolGeometry.sextantScalar(62) == "\u{1FB3B}")
        #expect(SymbolGeometry.of(.sextant).symbols.count == 64)
        #expect(SymbolGeometry.of(.sextant).splits.count == 32)
        #expect(SymbolGeometry.of(.braille).splits.count == 128)
        #expect(SymbolGeometry.of(.quad).splits.count == 8)
    }
}

/// A small deterministic generator for test data.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E3779B97F4A7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58476D1CE4E5B9
        z = (z ^ (z >> 27)) &* 0x94D049BB133111EB
        return z ^ (z >> 31)
    }
}
