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
    /// By the AP difference between two variants: where the first beats the second most
    /// first, where it loses most last (p from the first image goes there).
    case variantDifference = "variant-difference"
}
