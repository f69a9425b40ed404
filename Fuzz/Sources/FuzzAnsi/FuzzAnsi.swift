import Imaging
import Rendering

/// The ANSI writer fed arbitrary cell grids: any scalar (wide, combining, control), any
/// colour and attribute, in every colour mode.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzAnsi(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: start, count: count)
    guard bytes.count >= 2 else { return 0 }
    let columns = Int(bytes[0] % 40) + 1
    var cells: [Cell] = []
    var i = 2
    while i + 9 <= bytes.count {
        let raw = UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2] & 0x1F) << 16
        let scalar = Unicode.Scalar(raw) ?? "?"
        func color(_ k: Int) -> TerminalColor {
            switch bytes[k] % 3 {
            case 0: return .default
            case 1: return .indexed(bytes[k + 1])
            default: return .rgb(RGBColor(bytes[k + 1], bytes[k + 2], bytes[k]))
            }
        }
        cells.append(Cell(scalar, foreground: color(i + 3), background: color(i + 5),
                          attributes: CellAttributes(rawValue: bytes[i + 8] & 7)))
        i += 9
    }
    let rows = max(1, (cells.count + columns - 1) / columns)
    cells += Array(repeating: .blank, count: rows * columns - cells.count)
    let grid = CellGrid(columns: columns, rows: rows, cells: cells)
    let mode = ColorMode.allCases[Int(bytes[1]) % ColorMode.allCases.count]
    _ = AnsiWriter(mode: mode).renderUTF8(grid)
    return 0
}
