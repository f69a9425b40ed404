/// Indices that sort `values` in descending order, exactly as PyTorch's CPU
/// `torch.sort(values, descending=True, stable=stable).indices`.
///
/// `stable: true` keeps tied values in index order (what the reference uses for the RPN's
/// top-k and what torchvision's `nms` uses). `stable: false` reproduces torch's default
/// unstable sort, including the order it gives tied values (see below). NaN sorts first.
public func argsortDescending(_ values: [Float], stable: Bool) -> [Int] {
    if stable {
        return Array(values.indices).sorted { a, b in
            let (x, y) = (values[a], values[b])
            if x.isNaN || y.isNaN { return x.isNaN && !y.isNaN || (x.isNaN == y.isNaN && a < b) }
            return x > y || (x == y && a < b)
        }
    }
    return introsortDescendingOrder(values)
}

/// The permutation `torch.sort(values, descending=True)` (stable=False) returns on the CPU.
///
/// PyTorch sorts (value, index) pairs with libstdc++'s `std::sort` (introsort: median-of-3
/// quicksort, heapsort past depth 2*log2(n), insertion sort below 16 elements) and the
/// comparator `isnan(a) && !isnan(b) || a > b`. The algorithm is deterministic, so the
/// order of tied scores is reproducible; this is a line-by-line port of libstdc++'s
/// `__introsort_loop`, `__final_insertion_sort` and heap helpers. torchvision's
/// `batched_nms` (more than 1000 boxes) orders its output this way.
private func introsortDescendingOrder(_ values: [Float]) -> [Int] {
    var items = values.enumerated().map { Item(value: $0.element, index: $0.offset) }
    items.withUnsafeMutableBufferPointer { buffer in
        guard let base = buffer.baseAddress, buffer.count > 1 else { return }
        let sorter = Introsort(base: base)
        let n = buffer.count
        sorter.introsortLoop(0, n, depthLimit: 2 * (Int.bitWidth - 1 - n.leadingZeroBitCount))
        sorter.finalInsertionSort(0, n)
    }
    return items.map(\.index)
}

private struct Item {
    var value: Float
    var index: Int
}

private struct Introsort {
    let base: UnsafeMutablePointer<Item>
    static let threshold = 16

    init(base: UnsafeMutablePointer<Item>) { self.base = base }

    @inline(__always)
    func less(_ a: Item, _ b: Item) -> Bool {
        (a.value.isNaN && !b.value.isNaN) || a.value > b.value
    }

    @inline(__always)
    func less(_ i: Int, _ j: Int) -> Bool { less(base[i], base[j]) }

    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let t = base[i]
        base[i] = base[j]
        base[j] = t
    }

    func introsortLoop(_ first: Int, _ last: Int, depthLimit: Int) {
        var last = last
        var depth = depthLimit
        while last - first > Introsort.threshold {
            if depth == 0 {
                heapSort(first, last)
                return
            }
            depth -= 1
            let cut = partitionPivot(first, last)
            introsortLoop(cut, last, depthLimit: depth)
            last = cut
        }
    }

    func partitionPivot(_ first: Int, _ last: Int) -> Int {
        let mid = first + (last - first) / 2
        moveMedianToFirst(first, first + 1, mid, last - 1)
        return unguardedPartition(first + 1, last, pivot: first)
    }

    func moveMedianToFirst(_ result: Int, _ a: Int, _ b: Int, _ c: Int) {
        if less(a, b) {
            if less(b, c) { swapAt(result, b) }
            else if less(a, c) { swapAt(result, c) }
            else { swapAt(result, a) }
        } else if less(a, c) { swapAt(result, a) }
        else if less(b, c) { swapAt(result, c) }
        else { swapAt(result, b) }
    }

    func unguardedPartition(_ first: Int, _ last: Int, pivot: Int) -> Int {
        var first = first
        var last = last
        while true {
            while less(first, pivot) { first += 1 }
            last -= 1
            while less(pivot, last) { last -= 1 }
            if !(first < last) { return first }
            swapAt(first, last)
            first += 1
        }
    }

    func finalInsertionSort(_ first: Int, _ last: Int) {
        if last - first > Introsort.threshold {
            insertionSort(first, first + Introsort.threshold)
            for i in (first + Introsort.threshold)..<last { unguardedLinearInsert(i) }
        } else {
            insertionSort(first, last)
        }
    }

    func insertionSort(_ first: Int, _ last: Int) {
        if first == last { return }
        var i = first + 1
        while i < last {
            if less(i, first) {
                let value = base[i]
                var j = i
                while j > first {
                    base[j] = base[j - 1]
                    j -= 1
                }
                base[first] = value
            } else {
                unguardedLinearInsert(i)
            }
            i += 1
        }
    }

    func unguardedLinearInsert(_ position: Int) {
        let value = base[position]
        var last = position
        var next = position - 1
        while less(value, base[next]) {
            base[last] = base[next]
            last = next
            next -= 1
        }
        base[last] = value
    }

    // std::__partial_sort(first, last, last): make_heap then sort_heap.
    func heapSort(_ first: Int, _ last: Int) {
        let len = last - first
        if len >= 2 {
            var parent = (len - 2) / 2
            while true {
                adjustHeap(first, hole: parent, length: len, value: base[first + parent])
                if parent == 0 { break }
                parent -= 1
            }
        }
        var end = last
        while end - first > 1 {
            end -= 1
            let value = base[end]
            base[end] = base[first]
            adjustHeap(first, hole: 0, length: end - first, value: value)
        }
    }

    func adjustHeap(_ first: Int, hole: Int, length len: Int, value: Item) {
        let top = hole
        var hole = hole
        var second = hole
        while second < (len - 1) / 2 {
            second = 2 * (second + 1)
            if less(first + second, first + second - 1) { second -= 1 }
            base[first + hole] = base[first + second]
            hole = second
        }
        if len & 1 == 0 && second == (len - 2) / 2 {
            second = 2 * (second + 1)
            base[first + hole] = base[first + second - 1]
            hole = second - 1
        }
        // __push_heap
        var parent = (hole - 1) / 2
        while hole > top && less(base[first + parent], value) {
            base[first + hole] = base[first + parent]
            hole = parent
            parent = (hole - 1) / 2
        }
        base[first + hole] = value
    }
}
