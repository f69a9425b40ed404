import Compute

extension ModelConfig {
    /// One 3x3 stride-1 convolution of the network, named as in the checkpoint's layers,
    /// and the map it sweeps on an input of a given size.
    public struct ConvolutionLayer: Sendable, Hashable {
        public var name: String
        public var shape: ConvolutionShape
    }

    /// Every distinct 3x3 stride-1 convolution shape of the network on a padded input of
    /// `width` x `height` with `rois` RoIs per head chunk: the backbone's, the FPN's output
    /// convs, the RPN's and the conv head's. Where several layers share a shape, the first
    /// name is kept.
    public func threeByThreeLayers(width: Int, height: Int, rois: Int) -> [ConvolutionLayer] {
        func side(_ extent: Int, stride: Int) -> Int { max(1, (extent + stride - 1) / stride) }
        var layers: [ConvolutionLayer] = []
        func add(_ name: String, _ c: Int, _ o: Int, batch: Int = 1, stride: Int) {
            let shape = ConvolutionShape(inChannels: c, outChannels: o, batch: batch,
                                         height: stride == 0 ? roiSize : side(height, stride: stride),
                                         width: stride == 0 ? roiSize : side(width, stride: stride))
            if !layers.contains(where: { $0.shape == shape }) { layers.append(ConvolutionLayer(name: name, shape: shape)) }
        }
        for s in 0..<4 {
            let planes = baseWidth << s, mapStride = 4 << s
            if usesBottlenecks {
                add("backbone layer\(s + 1) conv2", planes, planes, stride: mapStride)
            } else {
                add("backbone layer\(s + 1) conv1", s == 0 ? baseWidth : planes, planes, stride: mapStride)
                add("backbone layer\(s + 1) conv2", planes, planes, stride: mapStride)
            }
        }
        for level in 0..<4 { add("fpn output P\(level + 2)", fpnChannels, fpnChannels, stride: 4 << level) }
        for level in 0..<5 {
            for j in 0..<rpnConvs {
                add("rpn conv \(j) P\(level + 2)", j == 0 ? fpnChannels : rpnFeatChannels, rpnFeatChannels,
                    stride: 4 << level)
            }
        }
        if layout.isDoubleHead {
            add("head res_block conv1", fpnChannels, fpnChannels, batch: rois, stride: 0)
            add("head bottleneck conv2", convOutChannels / 4, convOutChannels / 4, batch: rois, stride: 0)
        }
        return layers
    }
}

extension ModelConfig {
    /// `[1, height, width]` of a feature map at `stride` on the input the test scale most
    /// often gives (the scale's long side across, its short side down, padded to the size
    /// divisor): the map a layer's ``ConvolutionChoice`` is made for at load time.
    func expectedMap(stride: Int) -> [Int] {
        let long = testScale.max() ?? 1333, short = testScale.min() ?? 800
        func padded(_ side: Int) -> Int { (side + sizeDivisor - 1) / max(1, sizeDivisor) * max(1, sizeDivisor) }
        return [1, max(1, (padded(short) + stride - 1) / stride), max(1, (padded(long) + stride - 1) / stride)]
    }
}
