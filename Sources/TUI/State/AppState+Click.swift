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
        var imageRect = layout.image
        if isSplit {
            let halves = layout.imageHalves
            imageRect = currentIsLeft ? halves.left : halves.right
            let other = currentIsLeft ? halves.right : halves.left
            if other.contains(column: column, row: row) {
                selectLinked(at: ImagePane.imagePoint(column: column, row: row, state: self, in: other))
                return
            }
        }
        guard let point = ImagePane.imagePoint(column: column, row: row, state: self, in: imageRect),
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

    /// A click on the other model's half: selects this model's detection matched with the
    /// other's smallest detection under the pointer.
    private mutating func selectLinked(at point: (x: Double, y: Double)?) {
        guard let point else { return }
        let (x, y) = (Float(point.x), Float(point.y))
        let hit = partnerDetections.filter { $0.box.x1 <= x && x <= $0.box.x2 && $0.box.y1 <= y && y <= $0.box.y2 }
            .min { $0.box.area < $1.box.area }
        guard let hit else {
            message = "nothing of \(partner?.name ?? "the other model") under the pointer"
            return
        }
        let mine = modelDifferences.first { (currentIsLeft ? $0.b : $0.a) == hit }.flatMap { currentIsLeft ? $0.a : $0.b }
        guard let mine, let index = rows.firstIndex(where: { $0.detection.map { detections[$0] } == mine }) else {
            message = "only \(partner?.name ?? "the other model") has this one (m lists its detections)"
            return
        }
        cursor = index
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
