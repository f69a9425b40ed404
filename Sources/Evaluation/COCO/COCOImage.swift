/// One entry of a COCO ground truth's `images` list.
public struct COCOImage: Sendable, Hashable {
    public var id: Int
    public var fileName: String
    public var width: Int
    public var height: Int

    public init(id: Int, fileName: String, width: Int, height: Int) {
        self.id = id
        self.fileName = fileName
        self.width = width
        self.height = height
    }
}
