import Foundation
import Imaging
import Rendering

/// A JSON list of boxes given with --boxes.
struct BoxFile: Decodable {
    struct Entry: Decodable {
        var box: [Double]
        var label: String?
        var score: Double?
        var style: String?
    }

    var entries: [Entry]

    init(from decoder: Decoder) throws {
        entries = try [Entry](from: decoder)
    }

    static func load(_ path: String) throws -> BoxFile {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw CLIError("\(path): cannot read the boxes file (\(error.localizedDescription))")
        }
        let file: BoxFile
        do {
            file = try JSONDecoder().decode(BoxFile.self, from: data)
        } catch {
            throw CLIError("\(path): not a valid boxes file (\(JSONErrorText.describe(error))); expected [{\"box\": [x1, y1, x2, y2], \"label\": \"name\", \"score\": 0.9}]")
        }
        for (i, entry) in file.entries.enumerated() {
            guard entry.box.count == 4, entry.box.allSatisfy(\.isFinite) else {
                throw CLIError("\(path): entry \(i): \"box\" must be four finite numbers [x1, y1, x2, y2]")
            }
            if let style = entry.style, BoxStyle(rawValue: style) == nil {
                throw CLIError("\(path): entry \(i): unknown style \"\(style)\" (use \(BoxStyle.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
        }
        return file
    }

    /// Overlays coloured by label: each distinct label takes the next theme class colour.
    func overlays(theme: Theme) -> [BoxOverlay] {
        var classIndex: [String: Int] = [:]
        return entries.map { entry in
            let name = entry.label ?? ""
            let index = classIndex[name] ?? classIndex.count
            classIndex[name] = index
            let style = entry.style.flatMap(BoxStyle.init(rawValue:)) ?? .detection
            let color: RGBColor = switch style {
            case .proposal: theme.proposal
            case .regressionRoI: theme.regressionRoI
            case .groundTruth: theme.groundTruth
            case .selected: theme.selected
            case .detection: theme.color(forClass: index, name: entry.label)
            }
            var text = entry.label ?? ""
            if let score = entry.score { text += (text.isEmpty ? "" : " ") + String(format: "%.2f", score) }
            return BoxOverlay(x1: entry.box[0], y1: entry.box[1], x2: entry.box[2], y2: entry.box[3],
                              color: color, style: style, label: text.isEmpty ? nil : text)
        }
    }
}
