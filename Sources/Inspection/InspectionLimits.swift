/// Bounds on the inputs the loaders accept, so that a wrong path (a video, a disk image)
/// fails fast with a clear message instead of exhausting memory.
public enum InspectionLimits {
    /// Largest annotation or results file read: 2 GiB (COCO's train2017 instances file is 448 MB).
    public static let maxFileBytes = 2 << 30
    /// Largest number of annotations, results, images or label lines in one file: 50 million.
    public static let maxAnnotations = 50_000_000
}
