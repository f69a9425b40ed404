import Imaging

/// Sixel frames of one picture with changing overlays, fast: the palette and the dithered
/// indices of the picture without overlays are kept, and a frame only replaces the pixels
/// the overlays drew (always in reserved colours, drawn undithered as ``SixelEncoder``
/// draws them) before writing the bands. A new base or a reserved colour the palette lacks
/// starts again.
public struct SixelSession {
    private var base: RGBImage?
    private var palette: SixelPalette?
    private var baseIndices: [UInt8] = []
    private var reservedIndex: [UInt32: UInt8] = [:]

    public init() {}

    /// The sixel sequence of `composed`: `base` with overlays drawn in `reserved` colours.
    public mutating func encode(base newBase: RGBImage, composed: RGBImage, reserved: [RGBColor]) -> [UInt8] {
        let packed = reserved.map { UInt32($0.r) << 16 | UInt32($0.g) << 8 | UInt32($0.b) }
        if base != newBase || packed.contains(where: { reservedIndex[$0] == nil }) {
            let chosen = SixelPalette(for: newBase, reserved: reserved)
            var dithering = PaletteDithering(palette: chosen)
            baseIndices = dithering.indices(of: newBase)
            palette = chosen
            base = newBase
            reservedIndex = [:]
            for (color, key) in zip(reserved, packed) {
                if let i = chosen.colors.firstIndex(of: SixelPalette.sixelRounded(color)) { reservedIndex[key] = UInt8(i) }
            }
        }
        guard let palette else { return [] }
        var indices = baseIndices
        newBase.pixels.withUnsafeBufferPointer { b in
            composed.pixels.withUnsafeBufferPointer { c in
                for i in 0..<(composed.width * composed.height) {
                    let o = i * 3
                    guard b[o] != c[o] || b[o + 1] != c[o + 1] || b[o + 2] != c[o + 2] else { continue }
                    let key = UInt32(c[o]) << 16 | UInt32(c[o + 1]) << 8 | UInt32(c[o + 2])
                    if let index = reservedIndex[key] { indices[i] = index }
                }
            }
        }
        return SixelEncoder.encode(indices: indices, width: composed.width, height: composed.height, palette: palette)
    }
}
