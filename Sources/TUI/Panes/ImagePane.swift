import Evaluation
import Compute
import Detector
import Foundation
import Imaging
import Rendering

/// The picture with the boxes: the variant's detections, and for the selected RoI its
/// proposal (dashed), refined box (bold), 1.3x regression RoI (dotted) and ground truth.
/// In compare mode the differences are drawn instead: only in A, only in B, moved, re-scored.
public enum ImagePane {
    /// Where the picture lands inside the pane: its cell rectangle and the viewport shown.
    public struct Placement: Equatable, Sendable {
        public var cells: Rect
        public var viewport: ImageViewport
        /// With real pixels: the bitmap's size (it may leave part of the last row and
        /// column of ``cells`` empty); nil for block characters.
        public var pixels: PixelSize?

        public init(cells: Rect, viewport: ImageViewport, pixels: PixelSize? = nil) {
            self.cells = cells
            self.viewport = viewport
            self.pixels = pixels
        }
    }

    /// The placement for the current state, or nil without a picture.
    public static func placement(state: AppState, in rect: Rect) -> Placement? {
        guard let viewport = state.viewport, rect.width > 0, rect.height > 1 else { return nil }
        if let cell = state.pixelCell {
            let source = PixelSize(width: Int(viewport.width), height: Int(viewport.height))
            guard let fit = PixelFit(source: source, columns: rect.width, rows: rect.height - 1, cell: cell) else { return nil }
            let x = rect.x + (rect.width - fit.columns) / 2
            return Placement(cells: Rect(x: x, y: rect.y + 1, width: fit.columns, height: fit.rows), viewport: viewport,
                             pixels: fit.size)
        }
        let size = ImageRenderer.gridSize(imageWidth: Int(viewport.width), imageHeight: Int(viewport.height),
                                          maxColumns: rect.width, maxRows: rect.height - 1, stretch: false)
        let x = rect.x + (rect.width - size.columns) / 2
        return Placement(cells: Rect(x: x, y: rect.y + 1, width: size.columns, height: size.rows), viewport: viewport)
    }

    /// The image pixel under a screen cell, or nil when the cell is not on the picture.
    public static func imagePoint(column: Int, row: Int, state: AppState, in rect: Rect) -> (x: Double, y: Double)? {
        guard let p = placement(state: state, in: rect), p.cells.contains(column: column, row: row) else { return nil }
        let fx = (Double(column - p.cells.x) + 0.5) / Double(p.cells.width)
        let fy = (Double(row - p.cells.y) + 0.5) / Double(p.cells.height)
        return (p.viewport.x + fx * p.viewport.width, p.viewport.y + fy * p.viewport.height)
    }

    /// Draws the pane into `grid`: one picture, or in the split view two (``drawSplit``).
    public static func draw(_ state: AppState, chrome: Chrome, symbols: SymbolSet, into grid: inout CellGrid, rect: Rect) {
        grid.clear(rect)
        var title = "\(state.imageName)"
        if state.splitModels, state.partner != nil, !state.isSplit { title += "  (too narrow to split)" }
        if case .ready(let image) = state.picture { title += "  \(image.width)×\(image.height)" }
        if state.analysis != nil {
            title += state.compareVariant.map { "  \(state.variant.rawValue) vs \($0.rawValue)" } ?? "  \(state.shownDetections.count) detections"
        }
        if state.zoom > 1 { title += String(format: "  zoom %gx", state.zoom) }
        grid.write(title, in: rect, row: 0, foreground: chrome.accent, attributes: [.bold])
        drawPicture(state, boxes: overlays(state, theme: chrome.theme), chrome: chrome, symbols: symbols, into: &grid, rect: rect)
    }

    /// Draws the picture (or why there is none) below the title row, with `boxes` in image pixels.
    static func drawPicture(_ state: AppState, boxes all: [BoxOverlay], chrome: Chrome, symbols: SymbolSet,
                            into grid: inout CellGrid, rect: Rect) {
        switch state.picture {
        case .loading:
            grid.write("loading…", in: rect, row: rect.height / 2, column: max(0, rect.width / 2 - 4), foreground: chrome.muted)
        case .failed(let message):
            let lines = wrap("cannot show this image: \(message)", width: max(10, rect.width - 4))
            for (n, line) in lines.enumerated() {
                grid.write(line, in: rect, row: rect.height / 2 - lines.count / 2 + n, column: 2, foreground: chrome.error)
            }
            grid.write("n / p: other images", in: rect, row: rect.height / 2 + lines.count / 2 + 2, column: 2, foreground: chrome.muted)
        case .ready(let image):
            // Real pixels: the backend draws the picture over these cells, left blank.
            guard state.pixelCell == nil, let p = placement(state: state, in: rect) else { return }
            let v = p.viewport
            let shown = crop(image, x: Int(v.x), y: Int(v.y), width: Int(v.width), height: Int(v.height))
            let boxes = all.map { box in
                var b = box
                b.x1 -= v.x; b.x2 -= v.x; b.y1 -= v.y; b.y2 -= v.y
                return b
            }
            let renderer = ImageRenderer(symbols: symbols, mode: chrome.mode, theme: chrome.theme)
            let picture = renderer.render(shown, columns: p.cells.width, rows: p.cells.height, boxes: boxes)
            grid.paste(picture, column: p.cells.x, row: p.cells.y)
        }
    }

    /// The boxes to draw, in image pixels.
    public static func overlays(_ state: AppState, theme: Theme) -> [BoxOverlay] {
        guard state.analysis != nil else { return [] }
        var out: [BoxOverlay] = []
        func add(_ box: Box, _ color: RGBColor, _ style: BoxStyle, _ label: String?) {
            out.append(BoxOverlay(box, color: color, style: style, label: label))
        }
        let filter = state.classFilter
        if state.showGroundTruth {
            for truth in state.groundTruthBoxes { add(truth.box, theme.groundTruth, .groundTruth, nil) }
        }
        if state.compareVariant != nil {
            for d in state.differences {
                switch d.kind {
                case .onlyInA:
                    if let a = d.a, filter.map({ $0 == a.label }) ?? true {
                        add(a.box, theme.error, .detection, "A only \(state.className(a.label)) \(score(a.score))")
                    }
                case .onlyInB:
                    if let b = d.b, filter.map({ $0 == b.label }) ?? true {
                        add(b.box, theme.accent, .detection, "B only \(state.className(b.label)) \(score(b.score))")
                    }
                case .moved:
                    if let a = d.a, let b = d.b, filter.map({ $0 == a.label }) ?? true {
                        add(a.box, theme.warning, .proposal, nil)
                        add(b.box, theme.warning, .detection, "moved \(state.className(b.label))")
                    }
                case .rescored:
                    if let a = d.a, let b = d.b, filter.map({ $0 == a.label }) ?? true {
                        add(a.box, theme.color(forClass: a.label, name: state.className(a.label)), .detection,
                            "\(state.className(a.label)) \(score(a.score))→\(score(b.score))")
                    }
                case .same:
                    if let a = d.a, filter.map({ $0 == a.label }) ?? true {
                        add(a.box, theme.muted, .detection, nil)
                    }
                }
            }
        } else if let errors = state.imageErrors {
            // Error mode: each box in its TIDE label's colour, missed objects as ground truth.
            for (n, d) in state.detections.enumerated() where d.score >= state.displayThreshold && (filter.map { $0 == d.label } ?? true) {
                let kind = errors.kinds.indices.contains(n) ? errors.kinds[n] : nil
                add(d.box, kind.map(ErrorColors.color) ?? theme.muted, .detection,
                    "\(kind?.rawValue ?? "-") \(state.className(d.label)) \(score(d.score))")
            }
            for m in errors.misses where state.groundTruthBoxes.indices.contains(m) {
                let object = state.groundTruthBoxes[m]
                add(object.box, ErrorColors.color(of: .miss), .groundTruth, "miss \(object.className)")
            }
        } else {
            for d in state.shownDetections where filter.map({ $0 == d.label }) ?? true {
                add(d.box, theme.color(forClass: d.label, name: state.className(d.label)), .detection,
                    "\(state.className(d.label)) \(score(d.score))")
            }
        }
        return out + selectionOverlays(state, theme: theme)
    }

    /// The selection's boxes: a missed object and the RoI closest to it, or the selected RoI's
    /// proposal, regression RoI, refined box and best-matching ground truth.
    static func selectionOverlays(_ state: AppState, theme: Theme) -> [BoxOverlay] {
        guard let analysis = state.analysis else { return [] }
        var out: [BoxOverlay] = []
        func add(_ box: Box, _ color: RGBColor, _ style: BoxStyle, _ label: String?) {
            out.append(BoxOverlay(box, color: color, style: style, label: label))
        }
        if let miss = state.selectedMiss, state.groundTruthBoxes.indices.contains(miss) {
            // A missed object: its box, and the proposal closest to it.
            let object = state.groundTruthBoxes[miss]
            if let closest = state.closestRoI(to: object.box) {
                add(analysis.proposals[closest.roi], theme.proposal, .proposal, "RoI \(closest.roi)")
            }
            add(object.box, ErrorColors.color(of: .miss), .selected, "missed \(object.className)")
            return out
        }
        if let row = state.selectedRow, analysis.proposals.indices.contains(row.roi) {
            let proposal = analysis.proposals[row.roi]
            add(proposal, theme.proposal, .proposal, "RoI \(row.roi)")
            if state.showRegressionRoI {
                add(proposal.scaled(by: Float(analysisScale(state))), theme.regressionRoI, .regressionRoI, nil)
            }
            if let refined = state.record(roi: row.roi, label: row.label)?.refined {
                add(refined, theme.selected, .selected, "\(state.className(row.label)) \(score(row.score))")
            }
            if state.showGroundTruth, let match = state.groundTruthBoxes.max(by: { iou(proposal, $0.box) < iou(proposal, $1.box) }) {
                add(match.box, theme.groundTruth, .selected, "GT \(match.className)")
            }
        }
        return out
    }

    /// The halves of the split view: the lower-numbered model (A) on the left, the other (B)
    /// on the right, the current one's title marked; each with its own detections, marked by
    /// how the other model differs.
    public static func drawSplit(_ state: AppState, chrome: Chrome, symbols: SymbolSet, into grid: inout CellGrid,
                                 rect: Rect, halves: (left: Rect, right: Rect)) {
        grid.clear(rect)
        guard let partner = state.partner else { return }
        for x in [halves.left.x + halves.left.width] where x < rect.x + rect.width {
            for y in rect.y..<(rect.y + rect.height) { grid[x, y] = Cell("┊", foreground: chrome.muted) }
        }
        for left in [true, false] {
            let current = left == state.currentIsLeft
            let half = left ? halves.left : halves.right
            var title = (current ? "▶" : " ") + (left ? "A " : "B ")
            if current {
                title += "\(state.modelName) · \(state.variant.rawValue)"
                if state.analysis != nil { title += " · \(state.shownDetections.count) shown" }
            } else {
                title += "\(partner.name) · \(partner.variant.rawValue)"
                switch partner.status {
                case .done: title += " · \(state.partnerDetections.count) shown"
                case .waiting: title += " · queued"
                case .running(let stage): title += " · \(stage.rawValue)…"
                case .failed: title += " · failed"
                }
            }
            if state.zoom > 1 { title += String(format: " · zoom %gx", state.zoom) }
            grid.write(title, in: half, row: 0, foreground: current ? chrome.accent : chrome.text, attributes: current ? [.bold] : [])
            if !current, case .failed(let reason) = partner.status {
                for (n, line) in wrap("\(partner.name) failed on this image: \(reason)", width: max(10, half.width - 4)).enumerated() {
                    grid.write(line, in: half, row: 2 + n, column: 2, foreground: chrome.error)
                }
                continue
            }
            var boxes = current ? currentSplitOverlays(state, theme: chrome.theme) : partnerSplitOverlays(state, theme: chrome.theme)
            if current { boxes += selectionOverlays(state, theme: chrome.theme) }
            drawPicture(state, boxes: boxes, chrome: chrome, symbols: symbols, into: &grid, rect: half)
        }
    }

    /// One half's boxes: `own` side of each difference (A's when `left`), in the variant
    /// compare's styles: only here in the error or accent colour, moved in the warning colour
    /// over the other's box dashed, re-scored with both scores, the same muted.
    static func differenceOverlays(_ differences: [VariantDifference], left: Bool, name: (Int) -> String,
                                   filter: (Detection) -> Bool, theme: Theme) -> [BoxOverlay] {
        var out: [BoxOverlay] = []
        func add(_ box: Box, _ color: RGBColor, _ style: BoxStyle, _ label: String?) {
            out.append(BoxOverlay(box, color: color, style: style, label: label))
        }
        for d in differences {
            guard let own = left ? d.a : d.b, filter(own) else { continue }
            let other = left ? d.b : d.a
            switch d.kind {
            case .onlyInA, .onlyInB:
                add(own.box, left ? theme.error : theme.accent, .detection,
                    "\(left ? "A" : "B") only \(name(own.label)) \(score(own.score))")
            case .moved:
                if let other { add(other.box, theme.warning, .proposal, nil) }
                add(own.box, theme.warning, .detection, "moved \(name(own.label))")
            case .rescored:
                add(own.box, theme.color(forClass: own.label, name: name(own.label)), .detection,
                    "\(name(own.label)) \(score(own.score))" + (other.map { " (\(left ? "B" : "A") \(score($0.score)))" } ?? ""))
            case .same:
                add(own.box, theme.muted, .detection, nil)
            }
        }
        return out
    }

    /// The current model's half: ground truth, and its side of the differences.
    static func currentSplitOverlays(_ state: AppState, theme: Theme) -> [BoxOverlay] {
        var out: [BoxOverlay] = []
        if state.showGroundTruth {
            out += state.groundTruthBoxes.map { BoxOverlay($0.box, color: theme.groundTruth, style: .groundTruth) }
        }
        let filter = state.classFilter
        return out + differenceOverlays(state.modelDifferences, left: state.currentIsLeft, name: state.className,
                                        filter: { d in filter.map { $0 == d.label } ?? true }, theme: theme)
    }

    /// The other model's half: ground truth, its side of the differences, and the detection
    /// linked to the selected one (with the selected proposal, which its heads also ran on).
    static func partnerSplitOverlays(_ state: AppState, theme: Theme) -> [BoxOverlay] {
        guard let partner = state.partner else { return [] }
        var out: [BoxOverlay] = []
        func add(_ box: Box, _ color: RGBColor, _ style: BoxStyle, _ label: String?) {
            out.append(BoxOverlay(box, color: color, style: style, label: label))
        }
        if state.showGroundTruth {
            for truth in state.groundTruthBoxes { add(truth.box, theme.groundTruth, .groundTruth, nil) }
        }
        // The class filter is the current model's class; the other model's of the same name.
        let filterName = state.classFilter.map(state.className)
        out += differenceOverlays(state.modelDifferences, left: !state.currentIsLeft, name: partner.className,
                                  filter: { d in filterName.map { $0 == partner.className(d.label) } ?? true }, theme: theme)
        if let row = state.selectedRow, let analysis = state.analysis, analysis.proposals.indices.contains(row.roi) {
            add(analysis.proposals[row.roi], theme.proposal, .proposal, "RoI \(row.roi)")
        }
        if let linked = state.linkedDetection {
            add(linked.box, theme.selected, .selected, "\(partner.className(linked.label)) \(score(linked.score))")
        }
        return out
    }

    /// The regression RoI scale (1.3 unless the model says otherwise).
    static func analysisScale(_ state: AppState) -> Double { state.regressionRoIScale }

    static func score(_ s: Float) -> String { String(format: "%.2f", s) }

    /// A copy of part of `image` (clamped to it).
    static func crop(_ image: RGBImage, x: Int, y: Int, width: Int, height: Int) -> RGBImage {
        let x0 = min(max(0, x), max(0, image.width - 1)), y0 = min(max(0, y), max(0, image.height - 1))
        let w = min(max(1, width), image.width - x0), h = min(max(1, height), image.height - y0)
        if x0 == 0 && y0 == 0 && w == image.width && h == image.height { return image }
        var pixels = [UInt8](repeating: 0, count: w * h * 3)
        for row in 0..<h {
            let source = ((y0 + row) * image.width + x0) * 3
            pixels.replaceSubrange((row * w * 3)..<((row + 1) * w * 3), with: image.pixels[source..<(source + w * 3)])
        }
        return RGBImage(width: w, height: h, pixels: pixels) ?? image
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if !line.isEmpty && line.count + 1 + word.count > width { lines.append(line); line = "" }
            line += line.isEmpty ? String(word) : " " + word
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
