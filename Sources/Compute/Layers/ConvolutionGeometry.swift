/// Sizes of one 2-D convolution (or pooling) window sweep.
///
/// The output extent follows PyTorch: `(in + 2 * padding - kernel) / stride + 1`, floored.
public struct ConvolutionGeometry: Sendable, Hashable {
    public var channels: Int
    public var height: Int
    public var width: Int
    public var kernelHeight: Int
    public var kernelWidth: Int
    public var stride: Int
    public var padding: Int

    /// A geometry; `stride` must be positive and `padding` non-negative.
    public init(channels: Int, height: Int, width: Int, kernelHeight: Int, kernelWidth: Int,
                stride: Int, padding: Int) {
        precondition(stride > 0 && padding >= 0 && kernelHeight > 0 && kernelWidth > 0,
                     "invalid convolution geometry")
        self.channels = channels
        self.height = height
        self.width = width
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.stride = stride
        self.padding = padding
    }

    /// Output rows.
    public var outputHeight: Int { (height + 2 * padding - kernelHeight) / stride + 1 }
    /// Output columns.
    public var outputWidth: Int { (width + 2 * padding - kernelWidth) / stride + 1 }
    /// Rows of the im2col matrix: `channels * kernelHeight * kernelWidth`.
    public var patchSize: Int { channels * kernelHeight * kernelWidth }
    /// True for a 1x1, stride-1, unpadded kernel, which needs no im2col.
    public var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && stride == 1 && padding == 0
    }
}
