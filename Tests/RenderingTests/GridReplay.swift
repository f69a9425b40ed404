import Imaging
@testable import Rendering

/// Paints a cell grid back into atom colours the way a terminal shows it (the glyph's atoms
/// in the foreground colour, the rest in the background), independently of the fitter.
struct GridReplay {
    let geometry: SymbolGeometry
    let grid: CellGrid

    /// The colour the terminal shows for atom (ax, ay) of the whole grid.
    func color(atomColumn ax: Int, atomRow ay: Int) -> RGBColor? {
        let cell = grid[ax / geometry.atomColumns, ay / geometry.atomRows]
        guard let symbol = geometry.symbols.first(where: { $0.scalar == cell.scalar }) else { return nil }
        let bit = (ay % geometry.atomRows) * geometry.atomColumns + ax % geometry.atomColumns
        let color = symbol.mask >> UInt64(bit) & 1 == 1 ? cell.foreground : cell.background
        if case .rgb(let c) = color { return c }
        if case .indexed(let n) = color { return Palette.xterm256(n) }
        return nil
    }
}
