/// Exact conversions of stored elements to Float and Double.
enum ElementConversion {
    /// IEEE half to Float, exactly (subnormals, infinities and NaN included).
    @inline(__always)
    static func float(half h: UInt16) -> Float {
        let sign = UInt32(h & 0x8000) << 16
        let exponent = UInt32(h >> 10) & 0x1F
        var mantissa = UInt32(h & 0x3FF)
        if exponent == 0x1F { return Float(bitPattern: sign | 0x7F80_0000 | (mantissa << 13)) }
        if exponent != 0 { return Float(bitPattern: sign | ((exponent + 112) << 23) | (mantissa << 13)) }
        if mantissa == 0 { return Float(bitPattern: sign) }
        // Subnormal half: normalise into a Float exponent.
        var e: UInt32 = 113
        while mantissa & 0x400 == 0 {
            mantissa <<= 1
            e -= 1
        }
        return Float(bitPattern: sign | (e << 23) | ((mantissa & 0x3FF) << 13))
    }

    /// bfloat16 to Float: the upper half of a Float's bits.
    @inline(__always)
    static func float(bfloat16 b: UInt16) -> Float {
        Float(bitPattern: UInt32(b) << 16)
    }

    /// Element `index` of `storage` (already bounds-checked by the layout) as Float.
    @inline(__always)
    static func float(_ storage: UnsafeRawBufferPointer, _ index: Int, _ dtype: DType) -> Float {
        let o = index &* dtype.byteSize
        switch dtype {
        case .f32: return Float(bitPattern: UInt32(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: UInt32.self)))
        case .f16: return float(half: UInt16(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
        case .bf16: return float(bfloat16: UInt16(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: UInt16.self)))
        case .f64: return Float(double(storage, index, dtype))
        case .i64: return Float(Int64(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: Int64.self)))
        case .i32: return Float(Int32(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: Int32.self)))
        case .i16: return Float(Int16(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: Int16.self)))
        case .i8: return Float(storage.load(fromByteOffset: o, as: Int8.self))
        case .u8: return Float(storage.load(fromByteOffset: o, as: UInt8.self))
        case .bool: return storage.load(fromByteOffset: o, as: UInt8.self) != 0 ? 1 : 0
        }
    }

    /// Element `index` of `storage` (already bounds-checked by the layout) as Double.
    @inline(__always)
    static func double(_ storage: UnsafeRawBufferPointer, _ index: Int, _ dtype: DType) -> Double {
        let o = index &* dtype.byteSize
        switch dtype {
        case .f64: return Double(bitPattern: UInt64(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: UInt64.self)))
        case .i64: return Double(Int64(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: Int64.self)))
        case .i32: return Double(Int32(littleEndian: storage.loadUnaligned(fromByteOffset: o, as: Int32.self)))
        default: return Double(float(storage, index, dtype))
        }
    }
}
