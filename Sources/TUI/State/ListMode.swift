/// How the list pane is filled.
public enum ListMode: String, Sendable {
    /// The current variant's detections (after threshold and NMS).
    case detections
    /// Every RoI (proposal) the heads saw.
    case rois
}
