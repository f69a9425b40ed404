import Compute
import Detector

extension AppState {
    /// A click: on a list line selects it; on the image selects the smallest listed box
    /// (detection, or proposal in RoI mode) under the pointer.
    mutating func select(column: Int, row: Int) {
        let layout = Layout(columns: terminalSize.columns, rows: terminalSize.rows)
        guard !layout.isTooSmall else { return }
        selectedMiss = nil
        if layout.list.contains(column: column, row: row) {
            selectListLine(row: row, in: layout.list)
            return
        }
        guard let point = ImagePane.imagePoint(column: column, row: row, state: self, in: layout.image),
              let analysis else { return }
        var best: (index: Int, area: Float)?
        for (n, listed) in rows.enumerated() {
            let box = clickableBox(of: listed, analysis: analysis)
            guard Float(point.x) >= box.x1, Float(point.x) <= box.x2, Float(point.y) >= box.y1, Float(point.y) <= box.y2 else { continue }
            if best == nil || box.area < best?.area ?? .infinity { best = (n, box.area) }
        }
        if let best {
            cursor = best.index
        } else {
            message = "nothing listed under the pointer"
        }
    }

    /// Selects the list line at screen row `row`, when it shows a row (not the header).
    private mutating func selectListLine(row: Int, in pane: Rect) {
        let visible = ListPane.visibleRange(count: rows.count, cursor: cursor, height: ListPane.bodyHeight(pane))
        let index = visible.lowerBound + (row - pane.y - ListPane.headerHeight)
        if row - pane.y >= ListPane.headerHeight, visible.contains(index) { cursor = index }
    }

    /// The box a click on the image can hit for `row`: its detection's (or, in compare mode,
    /// the second variant's), else its proposal.
    private func clickableBox(of row: ListRow, analysis: RawAnalysis) -> Box {
        if listMode == .detections, let d = row.detection, detections.indices.contains(d) {
            return detections[d].box
        }
        if listMode == .detections, row.difference == .onlyInB,
           let b = compareDetections.first(where: { $0.roi == row.roi && $0.label == row.label }) {
            return b.box
        }
        return analysis.proposals[row.roi]
    }
}
