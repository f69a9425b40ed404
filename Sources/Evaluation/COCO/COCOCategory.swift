/// One entry of a COCO ground truth's `categories` list. Ids need not be contiguous
/// (COCO's 80 classes use ids 1...90).
public struct COCOCategory: Sendable, Hashable {
    public var id: Int
    public var name: String

    public init(id: Int, name: String) {
        self.id = id
        self.name = name
    }
}
