/// The order of the list.
public enum SortKey: String, CaseIterable, Sendable {
    case score, objectness, iou, index
}
