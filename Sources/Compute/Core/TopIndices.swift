/// Indices of the `count` largest `values`, best first, ties by lower index: exactly the first
/// `count` of `Array(values.indices).sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }`
/// (a stable descending sort), without sorting everything.
///
/// Each value and its index are packed into one distinct 64-bit key whose order is that total
/// order, so a partial selection (quickselect) followed by a sort of the `count` selected keys
/// has a single possible answer. `-0` and `+0` compare equal, as in the sort. NaN is not ordered
/// by that comparator: with any NaN the sort itself is run, so the answer is still the sort's.
/// - Precondition: `count >= 0`; fewer than 2^32 values.
public func topIndicesDescending(_ values: [Float], count: Int) -> [Int] {
    precondition(count >= 0, "topIndicesDescending: negative count \(count)")
    precondition(values.count < 1 << 32, "topIndicesDescending: too many values")
    let k = min(count, values.count)
    if k == 0 { return [] }
    if values.contains(where: \.isNaN) {
        let order = Array(values.indices).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        return Array(order.prefix(k))
    }
    var keys = [UInt64](repeating: 0, count: values.count)
    keys.withUnsafeMutableBufferPointer { buffer in
        values.withUnsafeBufferPointer { v in
            for i in v.indices { buffer[i] = orderKey(v[i], index: i) }
        }
        guard let base = buffer.baseAddress else { return }
        selectLargest(base, count: buffer.count, k: k)
    }
    // The selected keys are the first k; sorting them (all distinct) gives the only order.
    var top = Array(keys.prefix(k))
    top.sort(by: >)
    return top.map { Int(UInt32.max - UInt32(truncatingIfNeeded: $0)) }
}

/// A key whose unsigned order is (value descending-wise ascending, index ascending reversed):
/// larger keys come first in "value descending, then index ascending".
@inline(__always)
private func orderKey(_ value: Float, index: Int) -> UInt64 {
    let bits = (value + 0).bitPattern   // -0 + 0 is +0: both zeros get one key
    let ordered = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
    return UInt64(ordered) << 32 | UInt64(UInt32.max - UInt32(index))
}

/// Rearranges `base[0..<n]` so that its `k` largest (distinct) keys come first, in some order.
private func selectLargest(_ base: UnsafeMutablePointer<UInt64>, count n: Int, k: Int) {
    guard k < n else { return }
    var lo = 0, hi = n - 1            // the k-th largest lies in lo...hi
    var rounds = 0
    while lo < hi {
        rounds += 1
        if rounds > 64 {
            // Pathological pivots: finish with a sort of the remaining range.
            var rest = UnsafeMutableBufferPointer(start: base + lo, count: hi - lo + 1)
            rest.sort(by: >)
            return
        }
        // Median of three as pivot, then a Hoare partition into (> pivot) and (< pivot).
        let mid = lo + (hi - lo) / 2
        let a = base[lo], b = base[mid], c = base[hi]
        let pivot = max(min(a, b), min(max(a, b), c))
        var i = lo, j = hi
        while i <= j {
            while base[i] > pivot { i += 1 }
            while base[j] < pivot { j -= 1 }
            if i <= j {
                let t = base[i]; base[i] = base[j]; base[j] = t
                i += 1; j -= 1
            }
        }
        // Now base[lo...j] >= pivot >= base[i...hi], and j < i.
        if k - 1 <= j { hi = j } else if k - 1 >= i { lo = i } else { return }
    }
}
