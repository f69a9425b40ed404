import Evaluation
import Foundation
import Rendering
import Testing
@testable import TUI

/// A matrix wider and taller than the screen scrolls to keep the cell cursor in view.
struct ConfusionSectionTests {
    static func matrix(classes: Int) -> ConfusionMatrix {
        let categories = (0..<classes).map { COCOCategory(id: $0 + 1, name: "class\($0)") }
        var matrix = ConfusionMatrix(variant: "dh", groundTruth: COCODataset(images: [], annotations: [], categories: categories),
                                     detections: [])
        for row in 0...classes {
            for column in 0...classes { matrix.matrix[row][column] = row * 100 + column }
        }
        return matrix
    }

    @Test func aWideMatrixScrollsToTheCursor() throws {
        let matrix = Self.matrix(classes: 40)
        let chrome = Chrome(theme: .dark, mode: .truecolor)
        var grid = CellGrid(columns: 78, rows: 21)
        ConfusionSection.draw(matrix: matrix, row: 30, column: 35, caption: "caption", chrome: chrome, into: &grid,
                              rect: Rect(x: 0, y: 0, width: 78, height: 21))
        let text = (0..<grid.rows).map { grid.text(row: $0) }
        // The cursor's cell is shown, highlighted, with its count, and the footer names it.
        let row = try #require(text.firstIndex { $0.hasPrefix("class30 ") })
        let scalars = Array(text[row].unicodeScalars)
        let start = try #require(scalars.indices.first { i in
            i + 4 <= scalars.count && String(String.UnicodeScalarView(scalars[i..<(i + 4)])) == "3035"
        })
        #expect(grid[start, row].background == chrome.highlight)
        #expect(grid[start - 2, row].background == .default, "only the cursor's cell")
        #expect(text.contains { $0.hasPrefix("rows ") && $0.contains("of 41") })
        #expect(text.contains { $0.contains("class30 → class35: 3035 confused (Enter lists them)") })
        // Not everything fits: the first row and column are scrolled away.
        #expect(!text.contains { $0.hasPrefix("class0 ") })
        #expect(!text[1].contains("class0"))
        // The background row and column, last.
        var corner = CellGrid(columns: 78, rows: 21)
        ConfusionSection.draw(matrix: matrix, row: 40, column: 40, caption: "", chrome: chrome, into: &corner,
                              rect: Rect(x: 0, y: 0, width: 78, height: 21))
        let cornerText = (0..<corner.rows).map { corner.text(row: $0) }
        #expect(cornerText.contains { $0.hasPrefix("background ") && $0.trimmingCharacters(in: .whitespaces).hasSuffix("4040") })
        #expect(cornerText.contains { $0.contains("background → background: 4040 missed") })
    }
}
