extension ModelConfig {
    /// Multiply-adds per RoI of the conv branch: the residual block (3x3 and 1x1 from the
    /// FPN channels up to `convOutChannels`) and `numConvs` bottlenecks (1x1, 3x3, 1x1 at a
    /// quarter of the width), on the `roiSize` x `roiSize` pooled grid. Twice this is the
    /// conv head's FLOPs per RoI, the figure `dhscope bench` divides by its time. 0 for a
    /// model without Double-Head's conv branch.
    public var convHeadMACsPerRoI: Double {
        guard layout.isDoubleHead else { return 0 }
        let inner = Double(fpnChannels), outer = Double(convOutChannels), cells = Double(roiSize * roiSize)
        let residualBlock = inner * inner * 9 + 2 * inner * outer
        let bottleneck = outer * outer / 4 * 2 + outer * outer / 16 * 9
        return cells * (residualBlock + Double(numConvs) * bottleneck)
    }
}
