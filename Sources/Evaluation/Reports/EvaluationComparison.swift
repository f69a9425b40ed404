/// Several `EvaluationReport`s (one per head variant) printed side by side.
public enum EvaluationComparison {
    /// The 12 numbers as rows and the reports as columns, then per-category AP and the TIDE
    /// dAP per report.
    public static func text(_ reports: [EvaluationReport]) -> String {
        guard let first = reports.first else { return "" }
        if reports.count == 1 { return first.text }
        let labels = [
            "AP @[.50:.95 all 100]", "AP @[.50 all 100]", "AP @[.75 all 100]",
            "AP @[.50:.95 small]", "AP @[.50:.95 medium]", "AP @[.50:.95 large]",
            "AR @[.50:.95 all 1]", "AR @[.50:.95 all 10]", "AR @[.50:.95 all 100]",
            "AR @[.50:.95 small]", "AR @[.50:.95 medium]", "AR @[.50:.95 large]",
        ]
        let tideCells = TIDEErrorType.allCases.indices.map { i in
            reports.map { report -> String in
                guard let entry = report.tide?[i] else { return "-" }
                return "\(String.fixed(entry.deltaAP, decimals: 2)) (\(entry.count))"
            }
        }
        // Wide enough for every name and TIDE cell, with two spaces between columns.
        let width = max(10, ((reports.map(\.name) + tideCells.flatMap { $0 }).map(\.count).max() ?? 0) + 2)
        func row(_ label: String, _ cells: [String], labelWidth: Int = 24) -> String {
            label.padding(labelWidth) + cells.map { $0.leftPadding(width) }.joined()
        }
        var lines = [row("", reports.map(\.name))]
        for (i, label) in labels.enumerated() {
            lines.append(row(label, reports.map { String(format3: $0.statsList[i]) }))
        }
        lines.append("")
        lines.append(row("Per-category AP", reports.map(\.name)))
        for (k, category) in first.categories.enumerated() {
            lines.append(row("  \(category.id) \(category.name)", reports.map {
                k < $0.categories.count && $0.categories[k].ap >= 0 ? String(format3: $0.categories[k].ap) : "-"
            }))
        }
        if reports.allSatisfy({ $0.tide != nil }) {
            lines.append("")
            lines.append(row("TIDE dAP (count)", reports.map(\.name)))
            lines.append(row("  AP50 (TIDE's)", reports.map { String.fixed($0.tideAP50 ?? 0, decimals: 2) }))
            for (i, type) in TIDEErrorType.allCases.enumerated() {
                lines.append(row("  \(type.shortName)", tideCells[i]))
            }
        }
        return lines.joined(separator: "\n")
    }
}
