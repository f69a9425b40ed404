import Detector
import Foundation
import Inspection

/// Results arriving from background queues, held until the UI loop picks them up on the
/// main thread (so all state changes happen there).
final class EventInbox: @unchecked Sendable {
    enum Message: Sendable {
        /// A detector event for the request made for `generation`.
        case detector(generation: Int, DetectorService.Event)
        /// A detector event of the split view's other model for the request made for `generation`.
        case partner(generation: Int, DetectorService.Event)
        /// The other model's heads on the current model's proposals, for `generation`.
        case partnerHeads(generation: Int, DetectorService.Event)
        /// The decoded picture for `generation`.
        case picture(generation: Int, PictureStatus)
        /// One image of the background analysis of the whole list, by model `model`.
        case dataset(model: Int, DatasetAnalysisLoop.Result)
        /// A review of what model `model`'s background analysis found so far, the detections it was built
        /// from, and how long it took (seconds).
        case review(model: Int, DatasetReview, DatasetDetections, seconds: Double)
    }

    private let lock = NSLock()
    private var messages: [Message] = []

    func post(_ message: Message) {
        lock.withLock { messages.append(message) }
    }

    /// Everything posted so far, oldest first.
    func drain() -> [Message] {
        lock.withLock {
            defer { messages.removeAll(keepingCapacity: true) }
            return messages
        }
    }
}
