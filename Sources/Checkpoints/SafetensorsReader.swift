import Foundation

/// Reads safetensors: an 8-byte little-endian header length N, N bytes of JSON, then the data
/// buffer. Offsets must tile the buffer exactly; tensors are read in place from the map.
enum SafetensorsReader {
    /// Whether the bytes look like safetensors: a header length, then a JSON object.
    static func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 9 && bytes[8] == UInt8(ascii: "{")
    }

    static func read(_ bytes: UnsafeRawBufferPointer, file: String,
                     limits: CheckpointLimits) throws(CheckpointError) -> LoadedTensors {
        func bad(_ what: String, tensor: String? = nil) -> CheckpointError {
            CheckpointError(.badHeader, file: file, tensor: tensor,
                            "bad safetensors header: \(what); re-export the file with safetensors")
        }
        guard let n64 = bytes.littleEndian(UInt64.self, at: 0) else {
            throw CheckpointError(.truncated, file: file, "shorter than a safetensors header length")
        }
        guard n64 <= UInt64(limits.maxHeaderBytes) else {
            throw CheckpointError(.limitExceeded, file: file,
                                  "safetensors header of \(n64) bytes exceeds \(limits.maxHeaderBytes) (CheckpointLimits.maxHeaderBytes)")
        }
        let headerLength = Int(n64)
        guard let headerBytes = bytes.slice(offset: 8, length: headerLength) else {
            throw CheckpointError(.truncated, file: file,
                                  "the header claims \(headerLength) bytes but the file has \(bytes.count - 8) after the length; it is truncated, copy it again")
        }
        let dataStart = 8 + headerLength
        let bufferSize = bytes.count - dataStart

        // Foundation's parser recurses per nesting level; a real header nests three deep.
        guard Self.nestingDepth(headerBytes) <= 64 else { throw bad("the JSON nests more than 64 levels deep") }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(headerBytes), options: [])
        } catch {
            throw bad("the JSON does not parse")
        }
        guard let header = json as? [String: Any] else { throw bad("the JSON is not an object") }
        guard header.count <= limits.maxTensorCount + 1 else {
            throw CheckpointError(.limitExceeded, file: file,
                                  "more than \(limits.maxTensorCount) tensors (CheckpointLimits.maxTensorCount)")
        }

        var out = LoadedTensors()
        var spans: [(begin: Int, end: Int, name: String)] = []
        var infos: [String: (DType, [Int])] = [:]
        for (name, value) in header {
            if name == "__metadata__" {
                guard let meta = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
                for (k, v) in meta {
                    guard let s = v as? String else { throw bad("__metadata__[\"\(k)\"] is not a string") }
                    out.metadata[k] = s
                }
                continue
            }
            guard let entry = value as? [String: Any] else { throw bad("entry is not an object", tensor: name) }
            guard let dtypeName = entry["dtype"] as? String else { throw bad("no dtype", tensor: name) }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw CheckpointError(.unsupportedDType, file: file, tensor: name,
                                      "unsupported dtype \(dtypeName); supported: \(DType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let shape = integers(entry["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
                throw bad("shape is not a list of non-negative integers", tensor: name)
            }
            guard let offsets = integers(entry["data_offsets"]), offsets.count == 2,
                  offsets[0] >= 0, offsets[0] <= offsets[1]
            else { throw bad("data_offsets is not [begin, end] with 0 <= begin <= end", tensor: name) }
            var count = 1
            for d in shape {
                let (c, overflow) = count.multipliedReportingOverflow(by: d)
                guard !overflow, c <= limits.maxTensorElements else {
                    throw CheckpointError(.limitExceeded, file: file, tensor: name,
                                          "shape \(shape) has more than \(limits.maxTensorElements) elements (CheckpointLimits.maxTensorElements)")
                }
                count = c
            }
            guard offsets[1] <= bufferSize else {
                throw CheckpointError(.truncated, file: file, tensor: name,
                                      "data_offsets end at \(offsets[1]) but the data buffer holds \(bufferSize) bytes: "
                                          + "the file is truncated or its header is wrong")
            }
            guard offsets[1] - offsets[0] == count * dtype.byteSize else {
                throw bad("data_offsets span \(offsets[1] - offsets[0]) bytes but shape \(shape) of \(dtypeName) needs \(count * dtype.byteSize)",
                          tensor: name)
            }
            spans.append((offsets[0], offsets[1], name))
            infos[name] = (dtype, shape)
        }
        // File order is data order; the offsets must tile [0, bufferSize) with no gap or overlap.
        spans.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        var cursor = 0
        for s in spans {
            guard s.begin == cursor else {
                throw bad(s.begin < cursor ? "data_offsets overlap the previous tensor's" : "a gap of \(s.begin - cursor) bytes before this tensor",
                          tensor: s.name)
            }
            cursor = s.end
        }
        guard cursor == bufferSize else {
            throw bad("the tensors cover \(cursor) bytes of a \(bufferSize)-byte data buffer")
        }
        out.layouts.reserveCapacity(spans.count)
        for s in spans {
            guard let (dtype, shape) = infos[s.name] else { continue }
            out.layouts.append(TensorLayout(
                info: TensorInfo(name: s.name, dtype: dtype, shape: shape),
                storageStart: dataStart + s.begin, storageElements: (s.end - s.begin) / dtype.byteSize,
                offset: 0, strides: TensorLayout.contiguousStrides(shape)))
        }
        if let classes = out.metadata["classes"] ?? out.metadata["CLASSES"],
           let data = classes.data(using: .utf8),
           let names = (try? JSONSerialization.jsonObject(with: data)) as? [String] {
            out.classNames = names
        }
        return out
    }

    /// The deepest [ / { nesting in JSON text (brackets inside strings ignored).
    static func nestingDepth(_ text: UnsafeRawBufferPointer) -> Int {
        var depth = 0, deepest = 0
        var inString = false, escaped = false
        for b in text {
            if inString {
                if escaped { escaped = false } else if b == UInt8(ascii: "\\") { escaped = true } else if b == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch b {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    /// A JSON array of exact integers (JSONSerialization yields NSNumber / Int / Double; on
    /// Linux `is Bool` is true for NSNumber 0 and 1, so booleans cannot be told apart here).
    private static func integers(_ value: Any?) -> [Int]? {
        guard let items = value as? [Any] else { return nil }
        var out: [Int] = []
        out.reserveCapacity(items.count)
        for item in items {
            // Foundation on Linux may hand small numbers (0, 1) back as Bool-typed NSNumbers,
            // which do not cast to Int: read every NSNumber through its double value.
            if let i = item as? Int {
                out.append(i)
            } else if let n = item as? NSNumber, let i = Int(exactly: n.doubleValue) {
                out.append(i)
            } else if let d = item as? Double, d.rounded() == d, let i = Int(exactly: d) {
                out.append(i)
            } else {
                return nil
            }
        }
        return out
    }
}
