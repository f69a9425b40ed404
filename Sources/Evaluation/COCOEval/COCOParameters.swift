/// pycocotools' default `Params` for box evaluation, with the same floating-point values.
public enum COCOParameters {
    /// `np.linspace(.5, 0.95, 10)`: 0.5, 0.55, ..., 0.95, computed as numpy does
    /// (i * step + start, the last set to stop exactly).
    public static let iouThresholds: [Double] = {
        let step = (0.95 - 0.5) / 9
        return (0..<10).map { $0 == 9 ? 0.95 : Double($0) * step + 0.5 }
    }()

    /// `np.linspace(0, 1, 101)`: 0, 0.01, ..., 1.
    public static let recallThresholds: [Double] = (0...100).map { $0 == 100 ? 1.0 : Double($0) * 0.01 }

    /// The detection budgets per image and category, ascending.
    public static let maxDetections = [1, 10, 100]

    /// The area ranges all, small, medium, large; both bounds inclusive.
    public static let areaRanges: [ClosedRange<Double>] = [0...1e10, 0...1024, 1024...9216, 9216...1e10]
}
