import Foundation

/// The 12 summary numbers of pycocotools' `COCOeval.summarize()` for boxes, in its order.
/// A value of -1 means no ground truth in that setting.
public struct COCOStats: Sendable, Equatable, Codable {
    /// AP, AP50, AP75, APs, APm, APl, AR1, AR10, AR100, ARs, ARm, ARl.
    public var values: [Double]

    public init(values: [Double]) {
        self.values = values
    }

    /// The names used by `--json` and the tests, in the order of `values`.
    public static let names = ["AP", "AP50", "AP75", "APs", "APm", "APl", "AR1", "AR10", "AR100", "ARs", "ARm", "ARl"]

    /// The lines pycocotools prints, e.g.
    /// ` Average Precision  (AP) @[ IoU=0.50:0.95 | area=   all | maxDets=100 ] = 0.364`.
    public var pycocotoolsLines: [String] {
        let rows: [(Bool, String, String, Int)] = [
            (true, "0.50:0.95", "all", 100), (true, "0.50", "all", 100), (true, "0.75", "all", 100),
            (true, "0.50:0.95", "small", 100), (true, "0.50:0.95", "medium", 100), (true, "0.50:0.95", "large", 100),
            (false, "0.50:0.95", "all", 1), (false, "0.50:0.95", "all", 10), (false, "0.50:0.95", "all", 100),
            (false, "0.50:0.95", "small", 100), (false, "0.50:0.95", "medium", 100), (false, "0.50:0.95", "large", 100),
        ]
        return zip(rows, values).map { row, value in
            let (isAP, iou, area, maxDets) = row
            let title = isAP ? "Average Precision" : "Average Recall"
            let type = isAP ? "(AP)" : "(AR)"
            return " \(title.padding(18)) \(type) @[ IoU=\(iou.padding(9)) | area=\(area.leftPadding(6)) | maxDets=\(String(maxDets).leftPadding(3)) ] = \(Self.format(value))"
        }
    }

    /// `'%0.3f'` of `value`, as pycocotools prints it.
    static func format(_ value: Double) -> String {
        String(format3: value)
    }
}
