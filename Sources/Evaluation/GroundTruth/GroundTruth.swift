import Compute
import Foundation

/// Ground truth from COCO JSON, Pascal VOC XML or YOLO txt, matched to images by file name.
///
/// Box conventions (all boxes end up as 0-based continuous corners, width = x2 - x1):
/// - COCO `[x, y, w, h]` becomes `[x, y, x + w, y + h]`.
/// - Pascal VOC's 1-based inclusive pixel indices `xmin...xmax` cover pixels xmin through
///   xmax, i.e. the continuous span `[xmin - 1, xmax]`: the box is
///   `[xmin - 1, ymin - 1, xmax, ymax]` (so its width is `xmax - xmin + 1`, VOC's own).
/// - YOLO's normalised `cx cy w h` becomes `[(cx - w/2) W, (cy - h/2) H, (cx + w/2) W, (cy + h/2) H]`
///   for an image of W x H pixels.
public struct GroundTruth: Sendable {
    /// Images in the annotation file's order.
    public var images: [GroundTruthImage]
    /// The dataset's class names, in its order (COCO: by category id).
    public var classNames: [String]
    /// Non-fatal problems found while loading (for example YOLO label files without an image).
    public var warnings: [String]

    private var indexByFileName: [String: Int]

    public init(images: [GroundTruthImage], classNames: [String], warnings: [String] = []) {
        self.images = images
        self.classNames = classNames
        self.warnings = warnings
        indexByFileName = [:]
        for (i, image) in images.enumerated() where indexByFileName[image.fileName] == nil {
            indexByFileName[image.fileName] = i
        }
    }

    /// The ground truth of the image at `path`, matched by its last path component.
    public func image(forFileAt path: String) -> GroundTruthImage? {
        indexByFileName[(path as NSString).lastPathComponent].map { images[$0] }
    }

    /// Ground truth from a validated COCO dataset; category names in id order.
    public init(coco: COCODataset) {
        let categories = coco.categories.sorted { $0.id < $1.id }
        let names = Dictionary(categories.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        var objects: [Int: [GroundTruthObject]] = [:]
        for a in coco.annotations {
            objects[a.imageID, default: []].append(
                GroundTruthObject(className: names[a.categoryID] ?? String(a.categoryID), box: a.bbox.corners, isCrowd: a.isCrowd))
        }
        self.init(
            images: coco.images.map {
                GroundTruthImage(fileName: ($0.fileName as NSString).lastPathComponent, width: $0.width, height: $0.height,
                                 objects: objects[$0.id] ?? [])
            },
            classNames: categories.map(\.name))
    }

    /// Loads COCO JSON (a `.json` file), Pascal VOC (an `.xml` file or a folder of them) or
    /// YOLO (a folder of `.txt` label files, which needs `imageSizes`), chosen by what `path` is.
    ///
    /// - Parameters:
    ///   - classNames: YOLO class names by index; default: `classes.txt` beside the labels.
    ///   - imageSizes: YOLO only: image file name -> (width, height), for images with labels.
    public static func load(
        contentsOf path: String, classNames: [String]? = nil, imageSizes: [String: (width: Int, height: Int)]? = nil
    ) throws(EvaluationError) -> GroundTruth {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadable(path: path, reason: "no such file or folder")
        }
        if !isDirectory.boolValue {
            if path.lowercased().hasSuffix(".xml") { return try VOCLoader.load(files: [path]) }
            return GroundTruth(coco: try COCODataset.load(contentsOf: path))
        }
        if !isYOLOFolder(path) {
            return try VOCLoader.load(directory: path)
        }
        guard let imageSizes else {
            throw .invalidValue(path: path, location: "YOLO labels",
                                reason: "YOLO boxes are normalised; the image sizes are needed (pass the images folder)")
        }
        return try YOLOLoader.load(directory: path, classNames: classNames, imageSizes: imageSizes)
    }

    /// Whether `path` is a folder of YOLO labels (a folder without VOC `.xml` files): the one
    /// format whose normalised boxes need the image sizes to load.
    public static func isYOLOFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else { return false }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return !names.contains { $0.lowercased().hasSuffix(".xml") }
    }

    /// The ground truth as a COCO dataset for `COCOEvaluator`: image ids 1...n in order,
    /// category ids 1...k in `classNames` order, annotation ids 1...m, area = box area;
    /// crowd and difficult objects become crowd (ignored) regions.
    public func cocoDataset() -> COCODataset {
        let categoryIDs = Dictionary(classNames.enumerated().map { ($1, $0 + 1) }, uniquingKeysWith: { a, _ in a })
        var annotations: [COCOAnnotation] = []
        for (i, image) in images.enumerated() {
            for object in image.objects {
                guard let category = categoryIDs[object.className] else { continue }
                annotations.append(COCOAnnotation(
                    id: annotations.count + 1, imageID: i + 1, categoryID: category, bbox: COCOBox(object.box),
                    isCrowd: object.isCrowd || object.isDifficult))
            }
        }
        return COCODataset(
            images: images.enumerated().map { COCOImage(id: $0 + 1, fileName: $1.fileName, width: $1.width, height: $1.height) },
            annotations: annotations,
            categories: classNames.enumerated().map { COCOCategory(id: $0 + 1, name: $1) })
    }
}
