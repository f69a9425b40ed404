import Foundation

/// Reads a whole file, enforcing `EvaluationLimits.maxFileBytes`.
public enum FileReading {
    /// The file's bytes; errors name the file.
    public static func data(at path: String) throws(EvaluationError) -> Data {
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file")
        }
        if isDirectory.boolValue { throw .unreadable(path: path, reason: "it is a directory") }
        if let size = (try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int,
           size > EvaluationLimits.maxFileBytes {
            throw .fileTooLarge(path: path, bytes: size, limit: EvaluationLimits.maxFileBytes)
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
    }

    /// The file as UTF-8 text; errors name the file.
    public static func text(at path: String) throws(EvaluationError) -> String {
        let data = try data(at: path)
        guard let text = String(data: data, encoding: .utf8) else {
            throw .unreadable(path: path, reason: "not UTF-8 text")
        }
        return text
    }

    /// "images[3].bbox" style rendering of a JSONDecoder coding path.
    static func describe(_ codingPath: [any CodingKey]) -> String {
        let text = codingPath.map { key in
            key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)"
        }.joined()
        if text.isEmpty { return "the top level" }
        return text.hasPrefix(".") ? String(text.dropFirst()) : text
    }

    /// Converts a JSONDecoder failure into `EvaluationError.malformedJSON`.
    static func jsonError(_ error: any Error, path: String) -> EvaluationError {
        switch error {
        case let DecodingError.dataCorrupted(context):
            let reason = context.underlyingError.map { ($0 as NSError).localizedDescription } ?? context.debugDescription
            return .malformedJSON(path: path, codingPath: describe(context.codingPath), reason: reason)
        case let DecodingError.keyNotFound(key, context):
            return .malformedJSON(path: path, codingPath: describe(context.codingPath),
                                  reason: "missing key \"\(key.stringValue)\"")
        case let DecodingError.typeMismatch(type, context):
            return .malformedJSON(path: path, codingPath: describe(context.codingPath),
                                  reason: "expected \(type): \(context.debugDescription)")
        case let DecodingError.valueNotFound(type, context):
            return .malformedJSON(path: path, codingPath: describe(context.codingPath),
                                  reason: "expected \(type), found null")
        default:
            return .malformedJSON(path: path, codingPath: "the top level", reason: "\(error)")
        }
    }
}
