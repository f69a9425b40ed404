/// The orders the browser can step through the dataset's images in (``DatasetReview/imageOrder(_:variant:comparedWith:)``).
/// Whatever the order, images the review has nothing for (not analysed, not in the ground
/// truth, or without the value the order sorts by) come last, in file order, and ties keep
/// file order.
public enum ImageOrder: String, CaseIterable, Sendable {
    /// The list's own order.
    case file
    /// Most errors first (every label but tp, misses included).
    case mostErrors = "most-errors"
    /// Lowest AP first (pycocotools' AP of the image alone).
    case lowestAP = "lowest-ap"
    /// Largest AP difference between two variants first (by its magnitude).
    case variantDifference = "variant-difference"
}
