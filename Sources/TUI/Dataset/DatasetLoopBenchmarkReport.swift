/// What `dhscope bench dataset --browser` reports: the browser's background analysis of a
/// list, one image at a time against the next prepared ahead.
public struct DatasetLoopBenchmarkReport: Sendable, Encodable {
    public var model: String
    public var images: Int
    public var rounds: Int
    /// Images per second, each read and prepared before its network.
    public var oneAtATime: Double
    /// Images per second, the next read and prepared while the network runs.
    public var preparedAhead: Double

    public init(model: String, images: Int, rounds: Int, oneAtATime: Double, preparedAhead: Double) {
        self.model = model
        self.images = images
        self.rounds = rounds
        self.oneAtATime = oneAtATime
        self.preparedAhead = preparedAhead
    }

    /// Prepared ahead over one at a time.
    public var speedup: Double { preparedAhead / max(oneAtATime, 1e-9) }

    enum CodingKeys: String, CodingKey {
        case model, images, rounds, oneAtATime = "one_at_a_time_images_per_s", preparedAhead = "prepared_ahead_images_per_s"
        case speedup
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(model, forKey: .model)
        try c.encode(images, forKey: .images)
        try c.encode(rounds, forKey: .rounds)
        try c.encode((oneAtATime * 100).rounded() / 100, forKey: .oneAtATime)
        try c.encode((preparedAhead * 100).rounded() / 100, forKey: .preparedAhead)
        try c.encode((speedup * 100).rounded() / 100, forKey: .speedup)
    }

    /// The report as `bench dataset --browser` prints it.
    public var text: String {
        [
            "\(model): \(images) images through the browser's background analysis, median of \(rounds) rounds",
            String(format: "  one at a time   %6.2f images/s", oneAtATime),
            String(format: "  prepared ahead  %6.2f images/s (%.2fx)", preparedAhead, speedup),
        ].joined(separator: "\n")
    }
}

