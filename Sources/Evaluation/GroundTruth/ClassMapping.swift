/// Dataset class names matched by name to a model's class names.
///
/// Names match exactly, or else after normalising (case, surrounding space, and `_` or `-`
/// read as a space): "Traffic_Light" matches "traffic light".
public struct ClassMapping: Sendable, Equatable {
    /// Dataset class name -> model class index.
    public let modelIndexByName: [String: Int]
    /// Dataset classes the model does not have (their objects cannot be detected).
    public let unmappedDatasetNames: [String]
    /// Model classes the dataset does not have (their detections have no category).
    public let unmappedModelNames: [String]

    public init(datasetNames: [String], modelNames: [String]) {
        var exact: [String: Int] = [:]
        var normalised: [String: Int] = [:]
        for (i, name) in modelNames.enumerated() {
            if exact[name] == nil { exact[name] = i }
            if normalised[Self.normalise(name)] == nil { normalised[Self.normalise(name)] = i }
        }
        var mapping: [String: Int] = [:]
        var missing: [String] = []
        for name in datasetNames {
            if let i = exact[name] ?? normalised[Self.normalise(name)] {
                mapping[name] = i
            } else {
                missing.append(name)
            }
        }
        let used = Set(mapping.values)
        modelIndexByName = mapping
        unmappedDatasetNames = missing
        unmappedModelNames = modelNames.enumerated().filter { !used.contains($0.offset) }.map(\.element)
    }

    /// The model class index of dataset class `name`, or nil.
    public func modelIndex(of name: String) -> Int? { modelIndexByName[name] }

    /// A short report: how many classes matched and which did not, on either side.
    public var report: String {
        var lines = ["\(modelIndexByName.count) dataset classes matched the model's by name."]
        if !unmappedDatasetNames.isEmpty {
            lines.append("Dataset classes the model lacks (\(unmappedDatasetNames.count)): "
                + unmappedDatasetNames.joined(separator: ", "))
        }
        if !unmappedModelNames.isEmpty {
            lines.append("Model classes the dataset lacks (\(unmappedModelNames.count)): "
                + unmappedModelNames.joined(separator: ", "))
        }
        return lines.joined(separator: "\n")
    }

    static func normalise(_ name: String) -> String {
        let spaced = name.lowercased().map { $0 == "_" || $0 == "-" ? " " : $0 }
        return String(spaced).split(separator: " ").joined(separator: " ")
    }
}
