/// The second stage of a loaded detector: Double-Head's two branches, or one head of fcs
/// (the Faster R-CNN baselines).
enum BoxHead: Sendable {
    case doubleHead(DoubleHeadBBoxHead)
    case single(FCBoxHead)

    init(_ source: WeightSource, config: ModelConfig) throws {
        self = config.layout.isDoubleHead ? .doubleHead(try DoubleHeadBBoxHead(source, config: config))
            : .single(try FCBoxHead(source, config: config))
    }
}
