/// A stable least-significant-digit radix sort of indices by a 64-bit key, for the orders
/// the evaluation sorts hundreds of thousands of detections into. Stability gives the ties:
/// indices with equal keys keep the order they came in.
enum RadixSort {
    /// `items` sorted by `key(item)` ascending, stably.
    static func sorted(_ items: [Int32], key: (Int32) -> UInt64) -> [Int32] {
        let n = items.count
        if n < 2 { return items }
        var keys = items.map(key)
        var values = items
        var keysOut = [UInt64](repeating: 0, count: n)
        var valuesOut = [Int32](repeating: 0, count: n)
        let digitBits = 11
        let radix = 1 << digitBits
        var counts = [Int](repeating: 0, count: radix)
        var shift = 0
        while shift < 64 {
            for b in 0..<radix { counts[b] = 0 }
            let mask = UInt64(radix - 1)
            for k in keys { counts[Int((k >> UInt64(shift)) & mask)] += 1 }
            // A digit all keys share leaves the order as it is.
            if counts.contains(n) {
                shift += digitBits
                continue
            }
            var total = 0
            for b in 0..<radix {
                let c = counts[b]
                counts[b] = total
                total += c
            }
            keys.withUnsafeBufferPointer { kIn in
                values.withUnsafeBufferPointer { vIn in
                    keysOut.withUnsafeMutableBufferPointer { kOut in
                        valuesOut.withUnsafeMutableBufferPointer { vOut in
                            for i in 0..<n {
                                let b = Int((kIn[i] >> UInt64(shift)) & mask)
                                let to = counts[b]
                                counts[b] = to + 1
                                kOut[to] = kIn[i]
                                vOut[to] = vIn[i]
                            }
                        }
                    }
                }
            }
            swap(&keys, &keysOut)
            swap(&values, &valuesOut)
            shift += digitBits
        }
        return values
    }

    /// A key whose ascending order is `value`'s descending order (finite values; -0 and 0
    /// are the same key).
    @inline(__always)
    static func descendingKey(_ value: Double) -> UInt64 {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        let ascending = bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
        return ~ascending
    }
}
