import Imaging

/// One panel's plotting rectangle and its mapping from data to pixels.
struct ChartPlot {
    static let axisColor = RGBColor(60, 60, 60)
    static let gridColor = RGBColor(225, 225, 225)

    var x0: Int, y0: Int, x1: Int, y1: Int

    func point(_ x: Double, _ y: Double, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>) -> (x: Int, y: Int) {
        let fx = (x - xRange.lowerBound) / max(1e-9, xRange.upperBound - xRange.lowerBound)
        let fy = (y - yRange.lowerBound) / max(1e-9, yRange.upperBound - yRange.lowerBound)
        let px = Double(x0) + min(1, max(0, fx)) * Double(x1 - x0)
        let py = Double(y1) - min(1, max(0, fy)) * Double(y1 - y0)
        return (Int(px.rounded()), Int(py.rounded()))
    }

    func frame(_ image: inout RGBImage, xRange: ClosedRange<Double>, yRange: ClosedRange<Double>,
               xLabel: String, yLabel: String, xTicks: Bool = false) {
        if xTicks {
            for k in 0...5 {
                let v = xRange.lowerBound + Double(k) / 5 * (xRange.upperBound - xRange.lowerBound)
                let x = point(v, yRange.lowerBound, xRange: xRange, yRange: yRange).x
                image.fill(x0: x, y0: y1, x1: x + 1, y1: y1 + 4, color: Self.axisColor)
                image.drawText(String(format: "%.1f", v), x: x - 8, y: y1 + 6, color: Self.axisColor, background: nil)
            }
        }
        for k in 0...4 {
            let v = yRange.lowerBound + Double(k) / 4 * (yRange.upperBound - yRange.lowerBound)
            let y = point(xRange.lowerBound, v, xRange: xRange, yRange: yRange).y
            image.fill(x0: x0, y0: y, x1: x1, y1: y + 1, color: Self.gridColor)
            image.drawText(String(format: "%.2f", v), x: x0 - 30, y: y - 3, color: Self.axisColor, background: nil)
        }
        image.fill(x0: x0, y0: y0, x1: x0 + 1, y1: y1 + 1, color: Self.axisColor)
        image.fill(x0: x0, y0: y1, x1: x1, y1: y1 + 1, color: Self.axisColor)
        image.drawText(xLabel, x: (x0 + x1) / 2 - 30, y: y1 + 18, color: Self.axisColor, background: nil)
        image.drawText(yLabel, x: x0 - 48, y: y0 - 14, color: Self.axisColor, background: nil)
    }
}
