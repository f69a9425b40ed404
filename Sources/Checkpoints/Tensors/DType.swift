/// An element type, named as safetensors names it.
public enum DType: String, Sendable, Hashable, CaseIterable, Codable {
    case f32 = "F32", f16 = "F16", bf16 = "BF16", f64 = "F64"
    case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

    /// Bytes per element.
    public var byteSize: Int {
        switch self {
        case .f64, .i64: 8
        case .f32, .i32: 4
        case .f16, .bf16, .i16: 2
        case .i8, .u8, .bool: 1
        }
    }

    /// The dtype of a PyTorch storage class (`FloatStorage`, ...) or dtype global (`float32`, ...).
    init?(torchName name: String) {
        switch name {
        case "FloatStorage", "float32", "float": self = .f32
        case "HalfStorage", "float16", "half": self = .f16
        case "BFloat16Storage", "bfloat16": self = .bf16
        case "DoubleStorage", "float64", "double": self = .f64
        case "LongStorage", "int64", "long": self = .i64
        case "IntStorage", "int32", "int": self = .i32
        case "ShortStorage", "int16", "short": self = .i16
        case "CharStorage", "int8": self = .i8
        case "ByteStorage", "uint8", "UntypedStorage": self = .u8
        case "BoolStorage", "bool": self = .bool
        default: return nil
        }
    }
}
