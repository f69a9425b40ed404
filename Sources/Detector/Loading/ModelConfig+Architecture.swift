extension ModelConfig {
    /// The configuration a checkpoint's tensors imply in `layout`: the layout's defaults
    /// (mmdetection's or torchvision's, ``torchvision(_:)``), then every depth, width, count
    /// and class number `summary` read off the shapes. Test settings stay the defaults.
    init(architecture summary: ArchitectureSummary, layout: ModelLayout) {
        self = layout.convention == .torchvision ? .torchvision(layout) : ModelConfig()
        self.layout = layout
        if let depth = summary.backboneDepth { self.depth = depth }
        if let w = summary.baseWidth { baseWidth = w }
        if let f = summary.fpnChannels { fpnChannels = f; rpnFeatChannels = f }
        if let r = summary.rpnChannels { rpnFeatChannels = r }
        rpnConvs = max(1, summary.rpnConvs)
        if let k = summary.numClasses, k != numClasses {
            numClasses = k
            classNames = []
        }
        if let c = summary.convOutChannels { convOutChannels = c }
        if let f = summary.fcOutChannels { fcOutChannels = f }
        switch layout {
        case .mmdetDoubleHead:
            numConvs = summary.numConvs
            numFcs = summary.numFcs
            withConvCls = summary.hasConvClassifier
            withFcReg = summary.hasFcRegressor
        case .mmdetFasterRCNN, .torchvisionFasterRCNN:
            numConvs = 0
            numFcs = summary.numFcs
        case .torchvisionFasterRCNNv2:
            numConvs = summary.numConvs
            numFcs = summary.numFcs
        }
        regClassAgnostic = layout.convention == .mmdetection && (summary.classAgnosticRegression ?? false)
    }
}
