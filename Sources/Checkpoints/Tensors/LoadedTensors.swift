/// What a format reader hands to ``Checkpoint``: validated layouts in file order.
struct LoadedTensors {
    var layouts: [TensorLayout] = []
    var metadata: [String: String] = [:]
    var classNames: [String]? = nil
}
