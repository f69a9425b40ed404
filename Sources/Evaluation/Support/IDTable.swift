/// Ids (image or category ids) to dense positions, by the position of each id's first
/// occurrence in the list given. A lookup is an array read when the ids span a range not
/// much larger than their count (COCO's 5,000 val2017 images span 0...581,929; its
/// categories 1...90), a dictionary lookup otherwise: the hot loops of the evaluation look up
/// every detection's image and category.
struct IDTable: Sendable {
    private let lowest: Int
    private let table: [Int32]
    private let dictionary: [Int: Int]
    /// The number of distinct ids.
    let count: Int

    init(ids: [Int]) {
        var positions: [Int32] = []
        var dictionary: [Int: Int] = [:]
        var count = 0
        let lowest = ids.min() ?? 0
        let highest = ids.max() ?? -1
        let (span, overflow) = highest.subtractingReportingOverflow(lowest)
        if !ids.isEmpty && !overflow && span < max(1 << 21, 8 * ids.count) && ids.count < Int(Int32.max) {
            positions = [Int32](repeating: -1, count: span + 1)
            for id in ids where positions[id - lowest] < 0 {
                positions[id - lowest] = Int32(count)
                count += 1
            }
        } else {
            for id in ids where dictionary[id] == nil {
                dictionary[id] = count
                count += 1
            }
        }
        self.lowest = lowest
        table = positions
        self.dictionary = dictionary
        self.count = count
    }

    /// The position of `id`, or nil when the list lacks it.
    @inline(__always)
    subscript(id: Int) -> Int? {
        if table.isEmpty { return dictionary[id] }
        let (offset, overflow) = id.subtractingReportingOverflow(lowest)
        guard !overflow, offset >= 0, offset < table.count else { return nil }
        let position = table[offset]
        return position >= 0 ? Int(position) : nil
    }

    /// The position of `id`, or -1.
    @inline(__always)
    func position(_ id: Int) -> Int { self[id] ?? -1 }
}
