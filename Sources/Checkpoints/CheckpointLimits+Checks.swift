/// The checks that enforce the limits shared by every format, with one wording for each.
extension CheckpointLimits {
    /// `count` elements times one more dimension `size`; fails once the product overflows or
    /// passes ``maxTensorElements`` (`shape` and `tensor` name the tensor in the error).
    func elementCount(_ count: Int, times size: Int, of shape: [Int], tensor: String,
                      file: String) throws(CheckpointError) -> Int {
        let (product, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, product <= maxTensorElements else {
            throw CheckpointError(.limitExceeded, file: file, tensor: tensor,
                                  "shape \(shape) has more than \(maxTensorElements) elements (CheckpointLimits.maxTensorElements)")
        }
        return product
    }

    /// The number of elements of `shape` (non-negative dimensions), within ``maxTensorElements``.
    func elementCount(of shape: [Int], tensor: String, file: String) throws(CheckpointError) -> Int {
        var count = 1
        for size in shape { count = try elementCount(count, times: size, of: shape, tensor: tensor, file: file) }
        return count
    }

    /// The error for a checkpoint with more than ``maxTensorCount`` tensors.
    func tensorCountExceeded(file: String) -> CheckpointError {
        CheckpointError(.limitExceeded, file: file, "more than \(maxTensorCount) tensors (CheckpointLimits.maxTensorCount)")
    }
}
