/// The JSON shapes of COCO ground truth, decoded with JSONDecoder so that errors carry a
/// coding path. Keys not listed (segmentation, supercategory, licenses, ...) are skipped.
struct COCOFileFormat: Decodable {
    struct Image: Decodable {
        var id: Int
        var file_name: String
        var width: Int?
        var height: Int?
    }

    struct Category: Decodable {
        var id: Int
        var name: String
    }

    struct Annotation: Decodable {
        var id: Int
        var image_id: Int
        var category_id: Int
        var bbox: COCOBox
        var area: Double?
        var iscrowd: Bool

        enum CodingKeys: String, CodingKey { case id, image_id, category_id, bbox, area, iscrowd }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            id = try c.decode(Int.self, forKey: .id)
            image_id = try c.decode(Int.self, forKey: .image_id)
            category_id = try c.decode(Int.self, forKey: .category_id)
            bbox = try c.decode(COCOBox.self, forKey: .bbox)
            area = try c.decodeIfPresent(Double.self, forKey: .area)
            // pycocotools treats any truthy "iscrowd" as crowd; files use 0/1 or false/true.
            if let flag = try? c.decodeIfPresent(Int.self, forKey: .iscrowd) {
                iscrowd = flag != 0
            } else {
                iscrowd = try c.decodeIfPresent(Bool.self, forKey: .iscrowd) ?? false
            }
        }
    }

    var images: [Image]
    var annotations: [Annotation]?
    var categories: [Category]?
}
