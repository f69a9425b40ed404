import Foundation

/// Reads safetensors: an 8-byte little-endian header length N, N bytes of JSON, then the data
/// buffer. Offsets must tile the buffer exactly; tensors are read in place from the map.
struct SafetensorsReader {
    /// One tensor's header entry, validated on its own (tiling is checked across entries).
    private struct Entry {
        let name: String
        let dtype: DType
        let shape: [Int]
        /// Byte range within the data buffer.
        let begin: Int, end: Int
    }

    private let file: String
    private let limits: CheckpointLimits

    /// Whether the bytes look like safetensors: a header length, then a JSON object.
    static func matches(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.count >= 9 && bytes[8] == UInt8(ascii: "{")
    }

    static func read(_ bytes: UnsafeRawBufferPointer, file: String,
                     limits: CheckpointLimits) throws(CheckpointError) -> LoadedTensors {
        try SafetensorsReader(file: file, limits: limits).read(bytes)
    }

    private func read(_ bytes: UnsafeRawBufferPointer) throws(CheckpointError) -> LoadedTensors {
        let headerLength = try headerLength(bytes)
        guard let headerBytes = bytes.slice(offset: 8, length: headerLength) else {
            throw CheckpointError(.truncated, file: file,
                                  "the header claims \(headerLength) bytes but the file has \(bytes.count - 8) after the length; it is truncated, copy it again")
        }
        let dataStart = 8 + headerLength
        let bufferSize = bytes.count - dataStart
        var out = LoadedTensors()
        var entries: [Entry] = []
        // By name: with several bad entries, the one reported does not depend on dictionary order.
        for (name, value) in try header(headerBytes).sorted(by: { $0.key < $1.key }) {
            if name == "__metadata__" {
                out.metadata = try metadata(value)
            } else {
                entries.append(try entry(name, value, bufferSize: bufferSize))
            }
        }
        // File order is data order.
        entries.sort { ($0.begin, $0.end, $0.name) < ($1.begin, $1.end, $1.name) }
        try checkTiling(entries, bufferSize: bufferSize)
        out.layouts = entries.map { e in
            TensorLayout(info: TensorInfo(name: e.name, dtype: e.dtype, shape: e.shape),
                         storageStart: dataStart + e.begin, storageElements: (e.end - e.begin) / e.dtype.byteSize,
                         offset: 0, strides: TensorLayout.contiguousStrides(e.shape))
        }
        out.classNames = Self.classNames(out.metadata)
        return out
    }

    // MARK: - Steps

    /// The 8-byte little-endian header length, within ``CheckpointLimits/maxHeaderBytes``.
    private func headerLength(_ bytes: UnsafeRawBufferPointer) throws(CheckpointError) -> Int {
        guard let n64 = bytes.littleEndian(UInt64.self, at: 0) else {
            throw CheckpointError(.truncated, file: file, "shorter than a safetensors header length")
        }
        guard n64 <= UInt64(limits.maxHeaderBytes) else {
            throw CheckpointError(.limitExceeded, file: file,
                                  "safetensors header of \(n64) bytes exceeds \(limits.maxHeaderBytes) (CheckpointLimits.maxHeaderBytes)")
        }
        return Int(n64)
    }

    /// The header JSON: an object of at most ``CheckpointLimits/maxTensorCount`` tensors
    /// (plus `__metadata__`).
    private func header(_ text: UnsafeRawBufferPointer) throws(CheckpointError) -> [String: Any] {
        // Foundation's parser recurses per nesting level; a real header nests three deep.
        guard Self.nestingDepth(text) <= 64 else { throw bad("the JSON nests more than 64 levels deep") }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(text), options: [])
        } catch {
            throw bad("the JSON does not parse")
        }
        guard let header = json as? [String: Any] else { throw bad("the JSON is not an object") }
        guard header.count <= limits.maxTensorCount + 1 else { throw limits.tensorCountExceeded(file: file) }
        return header
    }

    /// `__metadata__`: an object of strings.
    private func metadata(_ value: Any) throws(CheckpointError) -> [String: String] {
        guard let meta = value as? [String: Any] else { throw bad("__metadata__ is not an object") }
        var out: [String: String] = [:]
        for (k, v) in meta.sorted(by: { $0.key < $1.key }) {
            guard let s = v as? String else { throw bad("__metadata__[\"\(k)\"] is not a string") }
            out[k] = s
        }
        return out
    }

    /// One tensor's entry: a known dtype, a shape within the element limit, and data_offsets
    /// inside the data buffer that span exactly the bytes the shape needs.
    private func entry(_ name: String, _ value: Any, bufferSize: Int) throws(CheckpointError) -> Entry {
        guard let entry = value as? [String: Any] else { throw bad("entry is not an object", tensor: name) }
        guard let dtypeName = entry["dtype"] as? String else { throw bad("no dtype", tensor: name) }
        guard let dtype = DType(rawValue: dtypeName) else {
            throw CheckpointError(.unsupportedDType, file: file, tensor: name,
                                  "unsupported dtype \(dtypeName); supported: \(DType.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        guard let shape = Self.integers(entry["shape"]), shape.allSatisfy({ $0 >= 0 }) else {
            throw bad("shape is not a list of non-negative integers", tensor: name)
        }
        guard let offsets = Self.integers(entry["data_offsets"]), offsets.count == 2,
              offsets[0] >= 0, offsets[0] <= offsets[1]
        else { throw bad("data_offsets is not [begin, end] with 0 <= begin <= end", tensor: name) }
        let count = try limits.elementCount(of: shape, tensor: name, file: file)
        guard offsets[1] <= bufferSize else {
            throw CheckpointError(.truncated, file: file, tensor: name,
                                  "data_offsets end at \(offsets[1]) but the data buffer holds \(bufferSize) bytes: "
                                      + "the file is truncated or its header is wrong")
        }
        guard offsets[1] - offsets[0] == count * dtype.byteSize else {
            throw bad("data_offsets span \(offsets[1] - offsets[0]) bytes but shape \(shape) of \(dtypeName) needs \(count * dtype.byteSize)",
                      tensor: name)
        }
        return Entry(name: name, dtype: dtype, shape: shape, begin: offsets[0], end: offsets[1])
    }

    /// The offsets of `entries` (sorted by offset) must tile [0, bufferSize) with no gap or overlap.
    private func checkTiling(_ entries: [Entry], bufferSize: Int) throws(CheckpointError) {
        var cursor = 0
        for e in entries {
            guard e.begin == cursor else {
                throw bad(e.begin < cursor ? "data_offsets overlap the previous tensor's" : "a gap of \(e.begin - cursor) bytes before this tensor",
                          tensor: e.name)
            }
            cursor = e.end
        }
        guard cursor == bufferSize else {
            throw bad("the tensors cover \(cursor) bytes of a \(bufferSize)-byte data buffer")
        }
    }

    /// Class names from a JSON array in `__metadata__["classes"]` (or `"CLASSES"`), if any.
    private static func classNames(_ metadata: [String: String]) -> [String]? {
        guard let classes = metadata["classes"] ?? metadata["CLASSES"], let data = classes.data(using: .utf8) else {
            return nil
        }
        return (try? JSONSerialization.jsonObject(with: data)) as? [String]
    }

    private func bad(_ what: String, tensor: String? = nil) -> CheckpointError {
        CheckpointError(.badHeader, file: file, tensor: tensor,
                        "bad safetensors header: \(what); re-export the file with safetensors")
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
