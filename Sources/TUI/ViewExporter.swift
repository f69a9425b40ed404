import Foundation
import Imaging
import Rendering

/// Writes a PNG of a frame (as the terminal shows it) into a folder, atomically: the file
/// appears complete or not at all. Each cell is 8x16 pixels (``CellGridPainter``): text in the
/// 8x16 cell font, the picture's block glyphs from their coverage.
public enum ViewExporter {
    /// Writes `grid` painted with `theme` as `dhscope-<image>-<variant>[-n].png` in `folder`;
    /// returns the path written.
    public static func export(_ grid: CellGrid, theme: Theme, imageName: String, variant: String,
                              folder: String = FileManager.default.currentDirectoryPath) throws -> String {
        let stem = ((imageName as NSString).deletingPathExtension as NSString).lastPathComponent
        let base = (folder as NSString).appendingPathComponent("dhscope-\(stem)-\(variant)")
        var path = base + ".png"
        var n = 2
        while FileManager.default.fileExists(atPath: path) {
            path = "\(base)-\(n).png"
            n += 1
        }
        let data = try PNGEncoder.encode(CellGridPainter.paint(grid, theme: theme))
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        return path
    }
}
