import Foundation
import Imaging

/// Sixel (DEC's bitmap graphics, as xterm -ti vt340, foot, WezTerm, mlterm and tmux 3.4+
/// show them): a palette chosen for the image, error diffusion, bands of six rows, runs
/// written as `!n`.
public enum SixelEncoder {
    /// The whole DCS sequence for `image`: raster attributes (1:1 pixels, the size), the
    /// palette in percents, then each band colour by colour. Rows past the last whole band
    /// are encoded too (a partial band), but callers size images in whole bands
    /// (``PixelFit``) so terminals never scroll by a partial one.
    /// `reserved` colours (the overlays') are kept in the palette and drawn undithered.
    public static func encode(_ image: RGBImage, maximumColors: Int = 256, reserved: [RGBColor] = [], diffuse: Bool = true) -> [UInt8] {
        let palette = SixelPalette(for: image, maximum: maximumColors, reserved: reserved)
        var dithering = PaletteDithering(palette: palette)
        let indices = dithering.indices(of: image, diffuse: diffuse)
        return encode(indices: indices, width: image.width, height: image.height, palette: palette)
    }

    /// The DCS sequence for an image already mapped to `palette`.
    public static func encode(indices: [UInt8], width: Int, height: Int, palette: SixelPalette) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(width * height / 2 + 8192)
        // ESC P 0;1 q: pixels left at 0 keep what is under them; "1;1;W;H: square pixels.
        out += Array("\u{1B}P0;1q\"1;1;\(width);\(height)".utf8)
        for (n, c) in palette.colors.enumerated() {
            out += Array("#\(n);2;\(SixelPalette.percent(c.r));\(SixelPalette.percent(c.g));\(SixelPalette.percent(c.b))".utf8)
        }
        let colorCount = max(1, palette.colors.count)
        // Bands are independent: a few chunks of them are written in parallel, then joined.
        let bands = (height + 5) / 6
        let chunks = max(1, min(bands / 8, ProcessInfo.processInfo.activeProcessorCount * 2))
        let parts = ChunkResults(count: chunks)
        indices.withUnsafeBufferPointer { pixels in
            let shared = UnsafeSendable(pixels)
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                let first = bands * chunk / chunks, end = bands * (chunk + 1) / chunks
                parts.set(chunk, encodeBands(shared.value, width: width, height: height, bands: first..<end, colorCount: colorCount))
            }
        }
        for part in parts.values { out += part }
        out += [0x1B, UInt8(ascii: "\\")]
        return out
    }

    /// The sixel data of bands `bands` (six rows each), colour by colour, each band ended by `-`.
    private static func encodeBands(_ pixels: UnsafeBufferPointer<UInt8>, width: Int, height: Int, bands: Range<Int>,
                                    colorCount: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(width * 6 * bands.count / 2 + 1024)
        var bits = [UInt8](repeating: 0, count: colorCount * width)
        var first = [Int](repeating: Int.max, count: colorCount)
        var last = [Int](repeating: -1, count: colorCount)
        var used: [Int] = []
        used.reserveCapacity(colorCount)
        bits.withUnsafeMutableBufferPointer { bits in
            guard let plane = bits.baseAddress else { return }
            for band in bands {
                let top = band * 6
                used.removeAll(keepingCapacity: true)
                for row in 0..<min(6, height - top) {
                    let bit = UInt8(1) << UInt8(row)
                    let base = (top + row) * width
                    for x in 0..<width {
                        let c = Int(pixels[base + x])
                        if last[c] < 0 { used.append(c) }
                        bits[c * width + x] |= bit
                        if x < first[c] { first[c] = x }
                        if x > last[c] { last[c] = x }
                    }
                }
                used.sort()
                for (k, c) in used.enumerated() {
                    appendNumber(&out, prefix: UInt8(ascii: "#"), c)
                    if first[c] > 0 { appendRun(&out, character: 63, count: first[c]) }
                    var x = first[c]
                    let end = last[c]
                    let row = plane + c * width
                    while x <= end {
                        let value = row[x]
                        var run = 1
                        if value == 0 {
                            // Most colours are sparse: skip blank stretches eight columns at a time.
                            while x + run + 8 <= end + 1,
                                  UnsafeRawPointer(row + x + run).loadUnaligned(as: UInt64.self) == 0 { run += 8 }
                        }
                        while x + run <= end && row[x + run] == value { run += 1 }
                        appendRun(&out, character: 63 + value, count: run)
                        x += run
                    }
                    for i in first[c]...end { bits[c * width + i] = 0 }
                    first[c] = Int.max
                    last[c] = -1
                    // $ back to the band's start for the next colour; - to the next band.
                    out.append(k == used.count - 1 ? UInt8(ascii: "-") : UInt8(ascii: "$"))
                }
            }
        }
        return out
    }

    @inline(__always)
    private static func appendRun(_ out: inout [UInt8], character: UInt8, count: Int) {
        if count > 3 {
            appendNumber(&out, prefix: UInt8(ascii: "!"), count)
            out.append(character)
        } else {
            for _ in 0..<count { out.append(character) }
        }
    }

    @inline(__always)
    private static func appendNumber(_ out: inout [UInt8], prefix: UInt8, _ n: Int) {
        out.append(prefix)
        guard n < 1000 else {
            out += Array(String(n).utf8)
            return
        }
        if n >= 100 { out.append(UInt8(48 + n / 100)) }
        if n >= 10 { out.append(UInt8(48 + n / 10 % 10)) }
        out.append(UInt8(48 + n % 10))
    }
}

/// Results written by parallel chunks, one slot each (each slot written by one chunk only).
private final class ChunkResults: @unchecked Sendable {
    private(set) var values: [[UInt8]]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: [], count: count) }
    func set(_ i: Int, _ value: [UInt8]) {
        lock.lock()
        values[i] = value
        lock.unlock()
    }
}

/// A buffer read (never written) by the parallel chunks while its owner waits for them.
private struct UnsafeSendable<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}
